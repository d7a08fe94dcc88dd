using Google.Protobuf;
using Karma.TemporalDev.Rpc;
using Karma.TemporalDev.Visibility;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using TaskQueueProto = Temporalio.Api.TaskQueue.V1.TaskQueue;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// Opening and closing runs: start (with request-id idempotency and workflow-id reuse/conflict policies),
/// signal, cancel request, terminate, run/execution timeouts, and what a close means for parent and children.
/// </summary>
internal sealed class WorkflowLifecycle(EngineCore core)
{
    /// <summary>Closed runs stay in memory this long (result waiters, describe right after close), then live in SQLite only.</summary>
    private const long ClosedRunMemoryMs = 60_000;

    private readonly Lock[] idLocks = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();

    public (WorkflowRun Run, bool Started) Start(StartSpec spec)
    {
        if (spec.PresetRunId is not null)
        {
            return (Create(spec), true);
        }

        lock (idLocks[(uint)HashCode.Combine(spec.Namespace, spec.WorkflowId) % idLocks.Length])
        {
            var existing = core.Runs.FindCurrent(spec.Namespace, spec.WorkflowId);
            if (existing is not null)
            {
                var (reuse, started) = CheckExisting(existing, spec);
                if (reuse)
                {
                    return (existing, started);
                }
            }

            return (Create(spec), true);
        }
    }

    public void Signal(WorkflowRun run, string name, Payloads? input, string identity, Header? header, string requestId)
    {
        core.Runs.Mutate(run, m =>
        {
            if (!run.IsOpen)
            {
                throw RpcErrors.WorkflowAlreadyCompleted();
            }

            if (!string.IsNullOrEmpty(requestId))
            {
                if (m.State.SignalRequestIds.Contains(requestId))
                {
                    m.Skip = true;
                    return;
                }

                m.State.SignalRequestIds.Add(requestId);
                if (m.State.SignalRequestIds.Count > 1000)
                {
                    m.State.SignalRequestIds.RemoveAt(0);
                }
            }

            core.WorkflowTasks.AddExternalEvent(m, EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new()
            {
                SignalName = name,
                Input = input,
                Identity = identity,
                Header = header,
            });
        });
    }

    public void RequestCancel(WorkflowRun run, string reason, string identity, WorkflowExecution? external = null, long externalInitiatedId = 0)
    {
        core.Runs.Mutate(run, m =>
        {
            if (!run.IsOpen)
            {
                throw RpcErrors.WorkflowAlreadyCompleted();
            }

            if (m.State.CancelRequested)
            {
                m.Skip = true;
                return;
            }

            m.State.CancelRequested = true;
            core.WorkflowTasks.AddExternalEvent(m, EventType.WorkflowExecutionCancelRequested, e => e.WorkflowExecutionCancelRequestedEventAttributes = new()
            {
                Cause = reason,
                Identity = identity,
                ExternalWorkflowExecution = external,
                ExternalInitiatedEventId = externalInitiatedId,
            });
        });
    }

    public void Terminate(WorkflowRun run, string reason, Payloads? details, string identity) => core.Runs.Mutate(run, m =>
    {
        if (!run.IsOpen)
        {
            throw RpcErrors.WorkflowAlreadyCompleted();
        }

        TerminateInside(m, reason, details, identity);
    });

    /// <summary>Closes the run. Caller appended nothing yet; the closing event is appended here.</summary>
    public void Close(RunMutation m, WorkflowExecutionStatus status, EventType type, Action<HistoryEvent> set, bool runContinues = false)
    {
        var closeEvent = m.Append(type, set);
        m.State.Status = status;
        m.State.CloseTimeMs = Clock.NowMs;
        m.State.WorkflowTask = null;
        m.State.WorkflowTaskRequested = false;
        m.State.StickyQueue = null;
        m.State.Activities.Clear();
        m.State.Timers.Clear();
        m.History.ClearBuffered();
        m.Run.Updates.FailAll("Workflow Update failed because the Workflow completed before the Update completed.");
        var run = m.Run;
        m.AfterCommit(() => core.Timers.At(Clock.NowMs + ClosedRunMemoryMs, "evict closed run", () => core.Runs.Evict(run)));
        var parent = m.State.Parent;
        var children = m.State.Children.Values.Where(c => c.RunId is not null).ToList();
        m.AfterUnlock(() =>
        {
            // A run that continued as new is not the end of the child: the parent hears from the last run.
            if (parent is not null && status != WorkflowExecutionStatus.ContinuedAsNew && !runContinues)
            {
                core.Children.NotifyParent(parent, run, closeEvent);
            }

            core.Children.ApplyParentClosePolicy(run, children);
        });
    }

    public void TerminateInside(RunMutation m, string reason, Payloads? details, string identity)
    {
        if (m.State.WorkflowTask is { IsStarted: true } wt)
        {
            // Like the real server: the running task is failed first so its completion is rejected.
            m.Append(EventType.WorkflowTaskFailed, e => e.WorkflowTaskFailedEventAttributes = new()
            {
                ScheduledEventId = wt.ScheduledEventId,
                StartedEventId = wt.StartedEventId,
                Cause = WorkflowTaskFailedCause.ForceCloseCommand,
                Identity = identity,
            });
        }

        m.History.FlushBuffered();
        Close(m, WorkflowExecutionStatus.Terminated, EventType.WorkflowExecutionTerminated, e => e.WorkflowExecutionTerminatedEventAttributes = new()
        {
            Reason = reason,
            Details = details,
            Identity = identity,
        });
    }

    public void ArmRunTimeout(WorkflowRun run)
    {
        var deadline = new[] { run.State.RunDeadlineMs, run.State.ExecutionDeadlineMs }.Where(d => d.HasValue).Min();
        if (deadline is { } due)
        {
            core.Timers.At(due, "workflow run timeout", () => core.Runs.Mutate(run, m =>
            {
                if (!run.IsOpen || Clock.NowMs < due)
                {
                    m.Skip = true;
                    return;
                }

                m.History.FlushBuffered();
                Close(m, WorkflowExecutionStatus.TimedOut, EventType.WorkflowExecutionTimedOut, e => e.WorkflowExecutionTimedOutEventAttributes = new()
                {
                    RetryState = RetryState.Timeout,
                });
            }));
        }
    }

    private (bool Reuse, bool Started) CheckExisting(WorkflowRun existing, StartSpec spec)
    {
        WorkflowExecutionStatus status;
        string? requestId;
        lock (existing.Gate)
        {
            status = existing.State.Status;
            requestId = existing.State.StartRequestId;
        }

        if (!string.IsNullOrEmpty(spec.RequestId) && spec.RequestId == requestId)
        {
            // A retried start (core retries RPCs): answer with the run it already created.
            return (true, true);
        }

        if (status == WorkflowExecutionStatus.Running)
        {
            switch (spec.ConflictPolicy)
            {
                case WorkflowIdConflictPolicy.UseExisting:
                    return (true, false);
                case WorkflowIdConflictPolicy.TerminateExisting:
                    Terminate(existing, "terminated by a start with the TerminateExisting conflict policy", null, spec.Identity);
                    return (false, true);
                default:
                    throw RpcErrors.AlreadyStarted(spec.WorkflowId, existing.RunId, requestId);
            }
        }

        var allowed = spec.ReusePolicy switch
        {
            WorkflowIdReusePolicy.RejectDuplicate => false,
            WorkflowIdReusePolicy.AllowDuplicateFailedOnly => status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.Canceled
                or WorkflowExecutionStatus.Terminated or WorkflowExecutionStatus.TimedOut,
            _ => true,
        };
        return allowed ? (false, true) : throw RpcErrors.AlreadyStarted(spec.WorkflowId, existing.RunId, requestId);
    }

    private WorkflowRun Create(StartSpec spec)
    {
        var runId = spec.PresetRunId ?? Guid.NewGuid().ToString();
        var now = Clock.NowMs;
        var searchAttributes = spec.SearchAttributes is { IndexedFields.Count: > 0 } sa ? sa.ToByteArray() : null;
        var state = new MutableState
        {
            WorkflowType = spec.WorkflowType,
            TaskQueue = spec.TaskQueue,
            StartTimeMs = now,
            FirstRunId = spec.FirstRunId ?? runId,
            StartRequestId = spec.RequestId,
            WorkflowTaskTimeoutSeconds = Clock.IsSet(spec.TaskTimeout) ? spec.TaskTimeout!.ToTimeSpan().TotalSeconds : 10,
            RunDeadlineMs = Clock.IsSet(spec.RunTimeout) ? now + Clock.ToMs(spec.RunTimeout) : null,
            ExecutionDeadlineMs = spec.ExecutionDeadlineMs ?? (Clock.IsSet(spec.ExecutionTimeout) ? now + Clock.ToMs(spec.ExecutionTimeout) : null),
            Parent = spec.Parent,
            Memo = spec.Memo is { Fields.Count: > 0 } memo ? memo.ToByteArray() : null,
            SearchAttributes = searchAttributes,
        };
        var run = core.Runs.Add(spec.Namespace, spec.WorkflowId, runId, state);
        core.Runs.Mutate(run, m =>
        {
            m.MakeCurrent = true;
            m.SearchAttributesChanged = searchAttributes is not null;
            m.Append(EventType.WorkflowExecutionStarted, e =>
            {
                e.WorkflowExecutionStartedEventAttributes = new()
                {
                    WorkflowType = new() { Name = spec.WorkflowType },
                    TaskQueue = new TaskQueueProto { Name = spec.TaskQueue, Kind = TaskQueueKind.Normal },
                    Input = spec.Input,
                    WorkflowExecutionTimeout = spec.ExecutionTimeout,
                    WorkflowRunTimeout = spec.RunTimeout,
                    WorkflowTaskTimeout = Clock.Seconds(state.WorkflowTaskTimeoutSeconds),
                    OriginalExecutionRunId = runId,
                    FirstExecutionRunId = state.FirstRunId,
                    ContinuedExecutionRunId = spec.ContinuedFromRunId ?? string.Empty,
                    Initiator = spec.Initiator,
                    ContinuedFailure = spec.ContinuedFailure,
                    LastCompletionResult = spec.LastCompletionResult,
                    Attempt = spec.Attempt,
                    Identity = spec.Identity,
                    Header = spec.Header,
                    Memo = spec.Memo,
                    SearchAttributes = spec.SearchAttributes,
                    RetryPolicy = spec.RetryPolicy,
                    WorkflowId = spec.WorkflowId,
                    ParentWorkflowNamespace = spec.Parent?.Namespace ?? string.Empty,
                    ParentWorkflowExecution = spec.Parent is { } p ? new WorkflowExecution { WorkflowId = p.WorkflowId, RunId = p.RunId } : null,
                    ParentInitiatedEventId = spec.Parent?.InitiatedEventId ?? 0,
                    WorkflowExecutionExpirationTime = state.ExecutionDeadlineMs is { } d ? Clock.ToTimestamp(d) : null,
                    FirstWorkflowTaskBackoff = spec.FirstTaskDelayMs > 0 ? Clock.Seconds(spec.FirstTaskDelayMs / 1000.0) : null,
                };
                e.UserMetadata = spec.UserMetadata;
            });
            spec.BeforeFirstTask?.Invoke(m);
            core.WorkflowTasks.Schedule(m, spec.FirstTaskDelayMs);
            m.AfterCommit(() => ArmRunTimeout(run));
        });
        return run;
    }
}
