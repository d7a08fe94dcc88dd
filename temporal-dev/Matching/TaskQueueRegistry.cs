using System.Collections.Concurrent;

namespace Karma.TemporalDev.Matching;

/// <summary>All task queues, created on first use, keyed by namespace, kind (workflow/activity) and name.</summary>
internal sealed class TaskQueueRegistry
{
    private readonly ConcurrentDictionary<(string Ns, bool Activity, string Name), TaskQueue> queues = new();

    public TaskQueue Workflow(string ns, string name) => queues.GetOrAdd((ns, false, name), k => new TaskQueue(k.Name));

    public TaskQueue Activity(string ns, string name) => queues.GetOrAdd((ns, true, name), k => new TaskQueue(k.Name));

    /// <summary>The queue if anything used it since the server started, without creating it.</summary>
    public TaskQueue? Find(string ns, bool activity, string name) => queues.GetValueOrDefault((ns, activity, name));

    /// <summary>A worker shut down: whatever waited on its sticky queue goes back to the normal queues.</summary>
    public void ShutDownSticky(string ns, string stickyQueue)
    {
        if (queues.TryGetValue((ns, false, stickyQueue), out var sticky))
        {
            foreach (var task in sticky.ShutDown())
            {
                Workflow(ns, task.NormalQueue).Offer(task);
            }
        }
    }
}
