using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// One run of a workflow: identity, persisted mutable state, history, and the transient parts (updates in
/// flight, long-poll notification). All mutation happens under <see cref="Gate"/> through a <see cref="RunMutation"/>.
/// </summary>
internal sealed class WorkflowRun
{
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WorkflowRun(string ns, string workflowId, string runId, MutableState state, HistoryLog history)
    {
        Namespace = ns;
        WorkflowId = workflowId;
        RunId = runId;
        State = state;
        History = history;
    }

    public object Gate { get; } = new();

    public string Namespace { get; }

    public string WorkflowId { get; }

    public string RunId { get; }

    public MutableState State { get; }

    public HistoryLog History { get; }

    public UpdateRegistry Updates { get; } = new();

    public bool IsOpen => State.Status == WorkflowExecutionStatus.Running;

    public WorkflowExecution Execution => new() { WorkflowId = WorkflowId, RunId = RunId };

    /// <summary>Completes when the run changes next; long polls re-check their condition then.</summary>
    public Task NextChange
    {
        get
        {
            lock (Gate)
            {
                return changed.Task;
            }
        }
    }

    /// <summary>Caller holds <see cref="Gate"/>.</summary>
    public void NotifyChanged()
    {
        var previous = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
