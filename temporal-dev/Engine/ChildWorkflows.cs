using Grpc.Core;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// Cross-run work: child workflows (start, result back to the parent, parent-close policy) and
/// signals / cancel requests sent from one workflow to another. Always runs outside any run's lock.
/// </summary>
internal sealed class ChildWorkflows(EngineCore core)
{
    public void Initiate(RunMutation m, StartChildWorkflowExecutionCommandAttributes a, long completedEventId, Temporalio.Api.Sdk.V1.UserMetadata? metadata)
    {
        // Cross-namespace children are deprecated in Temporal: a child lives in its parent's namespace.
        var ns = m.Run.Namespace;
        var queue = string.IsNullOrEmpty(a.TaskQueue?.Name) ? m.State.TaskQueue : a.TaskQueue.Name;
        var initiated = m.Append(EventType.StartChildWorkflowExecutionInitiated, e =>
        {
            e.StartChildWorkflowExecutionInitiatedEventAttributes = new()
            {
                Namespace = ns,
                WorkflowId = a.WorkflowId,
                WorkflowType = a.WorkflowType,
                TaskQueue = new() { Name = queue, Kind = TaskQueueKind.Normal },
                Input = a.Input,
                WorkflowExecutionTimeout = a.WorkflowExecutionTimeout,
                WorkflowRunTimeout = a.WorkflowRunTimeout,
                WorkflowTaskTimeout = a.WorkflowTaskTimeout,
                ParentClosePolicy = a.ParentClosePolicy,
                WorkflowTaskCompletedEventId = completedEventId,
                WorkflowIdReusePolicy = a.WorkflowIdReusePolicy,
                RetryPolicy = a.RetryPolicy,
                CronSchedule = a.CronSchedule,
                Header = a.Header,
                Memo = a.Memo,
                SearchAttributes = a.SearchAttributes,
                Priority = a.Priority,
            };
            e.UserMetadata = metadata;
        });
        var child = new ChildInfo
        {
            InitiatedEventId = initiated.EventId,
            Namespace = ns,
            WorkflowId = a.WorkflowId,
            WorkflowType = a.WorkflowType.Name,
            ParentClosePolicy = a.ParentClosePolicy,
        };
        m.State.Children[initiated.EventId] = child;
        var parent = m.Run;
        var spec = new StartSpec(ns, a.WorkflowId, a.WorkflowType.Name, queue, $"{parent.RunId}:{initiated.EventId}")
        {
            Input = a.Input,
            ExecutionTimeout = a.WorkflowExecutionTimeout,
            RunTimeout = a.WorkflowRunTimeout,
            TaskTimeout = a.WorkflowTaskTimeout,
            RetryPolicy = a.RetryPolicy,
            Memo = a.Memo,
            SearchAttributes = a.SearchAttributes,
            Header = a.Header,
            UserMetadata = metadata,
            ReusePolicy = a.WorkflowIdReusePolicy,
            Parent = new ParentInfo { Namespace = parent.Namespace, WorkflowId = parent.WorkflowId, RunId = parent.RunId, InitiatedEventId = initiated.EventId },
            ParentClosePolicy = a.ParentClosePolicy,
        };
        m.AfterUnlock(() => StartChild(parent, spec, initiated.EventId));
    }

    /// <summary>Start-up: a child whose start was initiated but not confirmed is started (idempotently) again.</summary>
    public void Recover(WorkflowRun parent, ChildInfo child)
    {
        if (child.RunId is not null)
        {
            return;
        }

        var a = parent.History.Get(child.InitiatedEventId).StartChildWorkflowExecutionInitiatedEventAttributes;
        var spec = new StartSpec(child.Namespace, child.WorkflowId, child.WorkflowType, a.TaskQueue.Name, $"{parent.RunId}:{child.InitiatedEventId}")
        {
            Input = a.Input,
            ExecutionTimeout = a.WorkflowExecutionTimeout,
            RunTimeout = a.WorkflowRunTimeout,
            TaskTimeout = a.WorkflowTaskTimeout,
            RetryPolicy = a.RetryPolicy,
            Memo = a.Memo,
            SearchAttributes = a.SearchAttributes,
            Header = a.Header,
            ReusePolicy = a.WorkflowIdReusePolicy,
            Parent = new ParentInfo { Namespace = parent.Namespace, WorkflowId = parent.WorkflowId, RunId = parent.RunId, InitiatedEventId = child.InitiatedEventId },
        };
        StartChild(parent, spec, child.InitiatedEventId);
    }

    public void NotifyParent(ParentInfo parentInfo, WorkflowRun child, HistoryEvent closeEvent)
    {
        var parent = core.Runs.FindRun(parentInfo.RunId);
        if (parent is null)
        {
            return;
        }

        core.Runs.Mutate(parent, m =>
        {
            if (!parent.IsOpen || !m.State.Children.Remove(parentInfo.InitiatedEventId, out var info))
            {
                m.Skip = true;
                return;
            }

            var execution = child.Execution;
            var type = new WorkflowType { Name = info.WorkflowType };
            var startedId = info.StartedEventId != 0 ? info.StartedEventId
                : m.History.Events.LastOrDefault(ev => ev.ChildWorkflowExecutionStartedEventAttributes?.InitiatedEventId == info.InitiatedEventId)?.EventId ?? 0;
            var initiatedId = info.InitiatedEventId;
            var ns = info.Namespace;
            var (eventType, set) = closeEvent.AttributesCase switch
            {
                HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => (EventType.ChildWorkflowExecutionCompleted, (Action<HistoryEvent>)(e =>
                    e.ChildWorkflowExecutionCompletedEventAttributes = new() { Result = closeEvent.WorkflowExecutionCompletedEventAttributes.Result, Namespace = ns, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = initiatedId, StartedEventId = startedId })),
                HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes => (EventType.ChildWorkflowExecutionFailed, e =>
                    e.ChildWorkflowExecutionFailedEventAttributes = new() { Failure = closeEvent.WorkflowExecutionFailedEventAttributes.Failure, RetryState = closeEvent.WorkflowExecutionFailedEventAttributes.RetryState, Namespace = ns, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = initiatedId, StartedEventId = startedId }),
                HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes => (EventType.ChildWorkflowExecutionCanceled, e =>
                    e.ChildWorkflowExecutionCanceledEventAttributes = new() { Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details, Namespace = ns, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = initiatedId, StartedEventId = startedId }),
                HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => (EventType.ChildWorkflowExecutionTimedOut, e =>
                    e.ChildWorkflowExecutionTimedOutEventAttributes = new() { RetryState = RetryState.Timeout, Namespace = ns, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = initiatedId, StartedEventId = startedId }),
                _ => (EventType.ChildWorkflowExecutionTerminated, e =>
                    e.ChildWorkflowExecutionTerminatedEventAttributes = new() { Namespace = ns, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = initiatedId, StartedEventId = startedId }),
            };
            core.WorkflowTasks.AddExternalEvent(m, eventType, set);
        });
    }

    public void ApplyParentClosePolicy(WorkflowRun parent, IEnumerable<ChildInfo> children)
    {
        foreach (var child in children)
        {
            var run = child.RunId is null ? null : core.Runs.FindRun(child.RunId);
            if (run is null || !run.IsOpen)
            {
                continue;
            }

            try
            {
                switch (child.ParentClosePolicy)
                {
                    case ParentClosePolicy.Abandon:
                        break;
                    case ParentClosePolicy.RequestCancel:
                        core.Lifecycle.RequestCancel(run, "parent closed (ParentClosePolicy RequestCancel)", "karma-temporal-dev");
                        break;
                    default:
                        core.Lifecycle.Terminate(run, $"parent {parent.WorkflowId} closed (ParentClosePolicy Terminate)", null, "karma-temporal-dev");
                        break;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // The child closed on its own meanwhile: nothing left to apply.
            }
        }
    }

    public void RequestCancelExternal(RunMutation m, RequestCancelExternalWorkflowExecutionCommandAttributes a, long completedEventId)
    {
        var ns = m.Run.Namespace;
        var initiated = m.Append(EventType.RequestCancelExternalWorkflowExecutionInitiated, e => e.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = completedEventId,
            Namespace = ns,
            WorkflowExecution = new WorkflowExecution { WorkflowId = a.WorkflowId, RunId = a.RunId },
            ChildWorkflowOnly = a.ChildWorkflowOnly,
            Reason = a.Reason,
        });
        var source = m.Run;
        var initiatedId = initiated.EventId;
        m.AfterUnlock(() =>
        {
            var target = core.Runs.Find(ns, new WorkflowExecution { WorkflowId = a.WorkflowId, RunId = a.RunId });
            var ok = false;
            if (target is not null)
            {
                try
                {
                    core.Lifecycle.RequestCancel(target, a.Reason, source.WorkflowId, source.Execution, initiatedId);
                    ok = true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    ok = false;
                }
            }

            core.Runs.Mutate(source, sm => core.WorkflowTasks.AddExternalEvent(sm, ok ? EventType.ExternalWorkflowExecutionCancelRequested : EventType.RequestCancelExternalWorkflowExecutionFailed, e =>
            {
                var execution = new WorkflowExecution { WorkflowId = a.WorkflowId, RunId = target?.RunId ?? a.RunId };
                if (ok)
                {
                    e.ExternalWorkflowExecutionCancelRequestedEventAttributes = new() { InitiatedEventId = initiatedId, Namespace = ns, WorkflowExecution = execution };
                }
                else
                {
                    e.RequestCancelExternalWorkflowExecutionFailedEventAttributes = new()
                    {
                        Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                        InitiatedEventId = initiatedId,
                        Namespace = ns,
                        WorkflowExecution = execution,
                    };
                }
            }));
        });
    }

    public void SignalExternal(RunMutation m, SignalExternalWorkflowExecutionCommandAttributes a, long completedEventId)
    {
        var ns = m.Run.Namespace;
        var initiated = m.Append(EventType.SignalExternalWorkflowExecutionInitiated, e => e.SignalExternalWorkflowExecutionInitiatedEventAttributes = new()
        {
            WorkflowTaskCompletedEventId = completedEventId,
            Namespace = ns,
            WorkflowExecution = a.Execution,
            SignalName = a.SignalName,
            Input = a.Input,
            ChildWorkflowOnly = a.ChildWorkflowOnly,
            Header = a.Header,
        });
        var source = m.Run;
        var initiatedId = initiated.EventId;
        m.AfterUnlock(() =>
        {
            var target = core.Runs.Find(ns, a.Execution);
            var ok = false;
            if (target is not null)
            {
                try
                {
                    core.Lifecycle.Signal(target, a.SignalName, a.Input, source.WorkflowId, a.Header, $"{source.RunId}:{initiatedId}");
                    ok = true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    ok = false;
                }
            }

            core.Runs.Mutate(source, sm => core.WorkflowTasks.AddExternalEvent(sm, ok ? EventType.ExternalWorkflowExecutionSignaled : EventType.SignalExternalWorkflowExecutionFailed, e =>
            {
                if (ok)
                {
                    e.ExternalWorkflowExecutionSignaledEventAttributes = new() { InitiatedEventId = initiatedId, Namespace = ns, WorkflowExecution = a.Execution };
                }
                else
                {
                    e.SignalExternalWorkflowExecutionFailedEventAttributes = new()
                    {
                        Cause = SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                        InitiatedEventId = initiatedId,
                        Namespace = ns,
                        WorkflowExecution = a.Execution,
                    };
                }
            }));
        });
    }

    private void StartChild(WorkflowRun parent, StartSpec spec, long initiatedId)
    {
        WorkflowRun? child = null;
        try
        {
            child = core.Lifecycle.Start(spec with { ConflictPolicy = WorkflowIdConflictPolicy.Fail }).Run;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            child = null;
        }

        core.Runs.Mutate(parent, m =>
        {
            if (!parent.IsOpen || !m.State.Children.TryGetValue(initiatedId, out var info) || info.RunId is not null)
            {
                m.Skip = true;
                return;
            }

            if (child is null)
            {
                m.State.Children.Remove(initiatedId);
                core.WorkflowTasks.AddExternalEvent(m, EventType.StartChildWorkflowExecutionFailed, e => e.StartChildWorkflowExecutionFailedEventAttributes = new()
                {
                    Namespace = spec.Namespace,
                    WorkflowId = spec.WorkflowId,
                    WorkflowType = new() { Name = spec.WorkflowType },
                    Cause = StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists,
                    InitiatedEventId = initiatedId,
                });
                return;
            }

            info.RunId = child.RunId;
            core.WorkflowTasks.AddExternalEvent(m, EventType.ChildWorkflowExecutionStarted, e => e.ChildWorkflowExecutionStartedEventAttributes = new()
            {
                Namespace = spec.Namespace,
                InitiatedEventId = initiatedId,
                WorkflowExecution = child.Execution,
                WorkflowType = new() { Name = spec.WorkflowType },
                Header = spec.Header,
            });
            if (m.State.WorkflowTask is not { IsStarted: true })
            {
                info.StartedEventId = m.History.Events.Last(ev => ev.EventType == EventType.ChildWorkflowExecutionStarted).EventId;
            }
        });
    }
}
