namespace Karma.TemporalDev.Matching;

/// <summary>
/// Matches tasks with long-polling workers: a task offered while a poller waits goes straight to it,
/// otherwise it waits in the backlog (FIFO) for the next poll.
/// </summary>
internal sealed class TaskQueue(string name)
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskRef> backlog = new();
    private readonly LinkedList<TaskCompletionSource<TaskRef?>> pollers = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> pollerLastAccessMs = new(StringComparer.Ordinal);
    private long lastPollTicks;

    public string Name { get; } = name;

    public bool IsShutDown { get; private set; }

    /// <summary>A worker polled this queue recently (sticky queues are only used while their worker lives).</summary>
    public bool PolledWithin(TimeSpan window)
    {
        lock (gate)
        {
            return !IsShutDown && (pollers.Count > 0 || Environment.TickCount64 - Interlocked.Read(ref lastPollTicks) < window.TotalMilliseconds);
        }
    }

    /// <summary>Tasks waiting for a poller (a hint: refs that went stale are only dropped when handed out).</summary>
    public int BacklogCount
    {
        get
        {
            lock (gate)
            {
                return backlog.Count;
            }
        }
    }

    /// <summary>Remembers who polled and when, for DescribeTaskQueue (the UI's "pollers" view).</summary>
    public void RecordPoller(string? identity, long nowMs) => pollerLastAccessMs[string.IsNullOrEmpty(identity) ? "unknown" : identity] = nowMs;

    /// <summary>Pollers seen since <paramref name="sinceMs"/>, most recent first.</summary>
    public IReadOnlyList<(string Identity, long LastAccessMs)> Pollers(long sinceMs) =>
        pollerLastAccessMs.Where(p => p.Value >= sinceMs).OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToList();

    public void Offer(TaskRef task)
    {
        lock (gate)
        {
            if (!TryHandToPoller(task))
            {
                backlog.AddLast(task);
            }
        }
    }

    /// <summary>Shuts a sticky queue down and returns what was waiting in it, to be re-routed.</summary>
    public List<TaskRef> ShutDown()
    {
        lock (gate)
        {
            IsShutDown = true;
            var orphaned = backlog.ToList();
            backlog.Clear();
            foreach (var p in pollers)
            {
                p.TrySetResult(null);
            }

            pollers.Clear();
            return orphaned;
        }
    }

    public async Task<TaskRef?> PollAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        TaskCompletionSource<TaskRef?> waiter;
        LinkedListNode<TaskCompletionSource<TaskRef?>> node;
        lock (gate)
        {
            IsShutDown = false;
            Interlocked.Exchange(ref lastPollTicks, Environment.TickCount64);
            if (backlog.First is { } first)
            {
                backlog.RemoveFirst();
                return first.Value;
            }

            waiter = new TaskCompletionSource<TaskRef?>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = pollers.AddLast(waiter);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        await using var registration = timeout.Token.Register(() =>
        {
            lock (gate)
            {
                if (node.List is not null)
                {
                    pollers.Remove(node);
                }

                waiter.TrySetResult(null);
            }
        });
        var task = await waiter.Task;
        lock (gate)
        {
            Interlocked.Exchange(ref lastPollTicks, Environment.TickCount64);
        }

        return task;
    }

    private bool TryHandToPoller(TaskRef task)
    {
        while (pollers.First is { } node)
        {
            pollers.RemoveFirst();
            if (node.Value.TrySetResult(task))
            {
                return true;
            }
        }

        return false;
    }
}
