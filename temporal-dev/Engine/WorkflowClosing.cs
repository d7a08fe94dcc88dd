using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>The commands that close a run: complete, fail, cancel, continue-as-new (which also starts the next run).</summary>
internal sealed class WorkflowClosing(EngineCore core)
{
    public void Apply(RunMutation m, Command c, long completedId)
    {
        switch (c.CommandType)
        {
            case CommandType.CompleteWorkflowExecution:
                core.Lifecycle.Close(m, WorkflowExecutionStatus.Completed, EventType.WorkflowExecutionCompleted, e => e.WorkflowExecutionCompletedEventAttributes = new()
                {
                    Result = c.CompleteWorkflowExecutionCommandAttributes.Result,
                    WorkflowTaskCompletedEventId = completedId,
                });
                break;
            case CommandType.FailWorkflowExecution:
                Fail(m, c.FailWorkflowExecutionCommandAttributes.Failure ?? new() { Message = "workflow failed" }, completedId);
                break;
            case CommandType.CancelWorkflowExecution:
                core.Lifecycle.Close(m, WorkflowExecutionStatus.Canceled, EventType.WorkflowExecutionCanceled, e => e.WorkflowExecutionCanceledEventAttributes = new()
                {
                    Details = c.CancelWorkflowExecutionCommandAttributes.Details,
                    WorkflowTaskCompletedEventId = completedId,
                });
                break;
            case CommandType.ContinueAsNewWorkflowExecution:
                ContinueAsNew(m, c.ContinueAsNewWorkflowExecutionCommandAttributes, completedId);
                break;
            default:
                throw new InvalidOperationException($"Command {c.CommandType} passed validation but has no handler.");
        }
    }

    /// <summary>A failing run with a retry policy is retried as a new run (same workflow id, attempt + 1, after the backoff).</summary>
    private void Fail(RunMutation m, Temporalio.Api.Failure.V1.Failure failure, long completedId)
    {
        var run = m.Run;
        var started = run.History.Get(1).WorkflowExecutionStartedEventAttributes;
        var retryState = RetryState.RetryPolicyNotSet;
        string? newRunId = null;
        long delayMs = 0;
        if (started.RetryPolicy is { } policy)
        {
            (var delay, retryState) = RetryDecision.Decide(RetryDecision.WithDefaults(policy), started.Attempt, failure, m.State.ExecutionDeadlineMs);
            if (delay is { } d)
            {
                newRunId = Guid.NewGuid().ToString();
                delayMs = d;
            }
        }

        core.Lifecycle.Close(m, WorkflowExecutionStatus.Failed, EventType.WorkflowExecutionFailed, e => e.WorkflowExecutionFailedEventAttributes = new()
        {
            Failure = failure,
            RetryState = retryState,
            WorkflowTaskCompletedEventId = completedId,
            NewExecutionRunId = newRunId ?? string.Empty,
        }, runContinues: newRunId is not null);
        if (newRunId is null)
        {
            return;
        }

        m.State.NextRunId = newRunId;
        var spec = new StartSpec(run.Namespace, run.WorkflowId, m.State.WorkflowType, m.State.TaskQueue, Guid.NewGuid().ToString())
        {
            Input = started.Input,
            ExecutionTimeout = started.WorkflowExecutionTimeout,
            RunTimeout = started.WorkflowRunTimeout,
            TaskTimeout = started.WorkflowTaskTimeout,
            Identity = started.Identity,
            RetryPolicy = started.RetryPolicy,
            Memo = started.Memo,
            SearchAttributes = started.SearchAttributes,
            Header = started.Header,
            Parent = m.State.Parent,
            PresetRunId = newRunId,
            ContinuedFromRunId = run.RunId,
            FirstRunId = m.State.FirstRunId,
            ExecutionDeadlineMs = m.State.ExecutionDeadlineMs,
            ContinuedFailure = failure,
            Initiator = ContinueAsNewInitiator.Retry,
            Attempt = started.Attempt + 1,
            FirstTaskDelayMs = delayMs,
        };
        m.AfterCommit(() => core.Lifecycle.Start(spec));
    }

    private void ContinueAsNew(RunMutation m, ContinueAsNewWorkflowExecutionCommandAttributes a, long completedId)
    {
        var run = m.Run;
        var s = m.State;
        var newRunId = Guid.NewGuid().ToString();
        var workflowType = string.IsNullOrEmpty(a.WorkflowType?.Name) ? s.WorkflowType : a.WorkflowType.Name;
        var queue = string.IsNullOrEmpty(a.TaskQueue?.Name) ? s.TaskQueue : a.TaskQueue.Name;
        var started = run.History.Get(1).WorkflowExecutionStartedEventAttributes;
        var spec = new StartSpec(run.Namespace, run.WorkflowId, workflowType, queue, Guid.NewGuid().ToString())
        {
            Input = a.Input,
            ExecutionTimeout = started.WorkflowExecutionTimeout,
            RunTimeout = Clock.IsSet(a.WorkflowRunTimeout) ? a.WorkflowRunTimeout : started.WorkflowRunTimeout,
            TaskTimeout = Clock.IsSet(a.WorkflowTaskTimeout) ? a.WorkflowTaskTimeout : started.WorkflowTaskTimeout,
            Identity = started.Identity,
            RetryPolicy = a.RetryPolicy ?? started.RetryPolicy,
            Memo = a.Memo ?? started.Memo,
            SearchAttributes = a.SearchAttributes ?? started.SearchAttributes,
            Header = a.Header,
            Parent = s.Parent,
            PresetRunId = newRunId,
            ContinuedFromRunId = run.RunId,
            FirstRunId = s.FirstRunId,
            ExecutionDeadlineMs = s.ExecutionDeadlineMs,
            LastCompletionResult = a.LastCompletionResult,
            ContinuedFailure = a.Failure,
            Initiator = a.Initiator == ContinueAsNewInitiator.Unspecified ? ContinueAsNewInitiator.Workflow : a.Initiator,
        };
        core.Lifecycle.Close(m, WorkflowExecutionStatus.ContinuedAsNew, EventType.WorkflowExecutionContinuedAsNew, e => e.WorkflowExecutionContinuedAsNewEventAttributes = new()
        {
            NewExecutionRunId = newRunId,
            WorkflowType = new() { Name = workflowType },
            TaskQueue = new() { Name = queue, Kind = TaskQueueKind.Normal },
            Input = a.Input,
            WorkflowRunTimeout = spec.RunTimeout,
            WorkflowTaskTimeout = spec.TaskTimeout,
            WorkflowTaskCompletedEventId = completedId,
            BackoffStartInterval = a.BackoffStartInterval,
            Initiator = spec.Initiator,
            LastCompletionResult = a.LastCompletionResult,
            Header = a.Header,
            Memo = spec.Memo,
            SearchAttributes = spec.SearchAttributes,
        });
        s.NextRunId = newRunId;

        // Inside the closing run's lock, so nobody reads its ContinuedAsNew event before the next run exists.
        m.AfterCommit(() => core.Lifecycle.Start(spec));
    }
}
