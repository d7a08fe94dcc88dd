using Google.Protobuf;
using Karma.TemporalDev.Matching;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using TaskQueueProto = Temporalio.Api.TaskQueue.V1.TaskQueue;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// Activity state machine: schedule, dispatch, start, heartbeat, complete / fail with server-side retries,
/// the four timeouts, and cancellation. An activity's Started event is written only when it closes, with the
/// final attempt (as the real server does for retried activities).
/// </summary>
internal sealed class Activities(EngineCore core)
{
    public static string? Validate(ScheduleActivityTaskCommandAttributes a)
    {
        if (string.IsNullOrEmpty(a.ActivityId) || string.IsNullOrEmpty(a.ActivityType?.Name))
        {
            return "ScheduleActivityTask needs an activity id and an activity type.";
        }

        return Clock.IsSet(a.ScheduleToCloseTimeout) || Clock.IsSet(a.StartToCloseTimeout)
            ? null
            : $"Activity '{a.ActivityId}' needs a ScheduleToClose or StartToClose timeout.";
    }

    /// <summary>Schedules the activity; an eager one is not put on its queue (the completing worker gets it, see <see cref="StartEager"/>).</summary>
    public long Schedule(RunMutation m, ScheduleActivityTaskCommandAttributes a, long completedEventId, Temporalio.Api.Sdk.V1.UserMetadata? metadata, bool eager = false)
    {
        var scheduleToClose = a.ScheduleToCloseTimeout ?? Clock.Seconds(0);
        var startToClose = Clock.IsSet(a.StartToCloseTimeout) ? a.StartToCloseTimeout : scheduleToClose;
        var scheduleToStart = Clock.IsSet(a.ScheduleToStartTimeout) ? a.ScheduleToStartTimeout : scheduleToClose;
        var queue = string.IsNullOrEmpty(a.TaskQueue?.Name) ? m.State.TaskQueue : a.TaskQueue.Name;
        var e = m.Append(EventType.ActivityTaskScheduled, ev =>
        {
            ev.ActivityTaskScheduledEventAttributes = new()
            {
                ActivityId = a.ActivityId,
                ActivityType = a.ActivityType,
                TaskQueue = new TaskQueueProto { Name = queue, Kind = TaskQueueKind.Normal },
                Header = a.Header,
                Input = a.Input,
                ScheduleToCloseTimeout = scheduleToClose,
                ScheduleToStartTimeout = scheduleToStart,
                StartToCloseTimeout = startToClose,
                HeartbeatTimeout = a.HeartbeatTimeout ?? Clock.Seconds(0),
                WorkflowTaskCompletedEventId = completedEventId,
                RetryPolicy = RetryDecision.WithDefaults(a.RetryPolicy),
                Priority = a.Priority,
            };
            ev.UserMetadata = metadata;
        });
        var now = Clock.NowMs;
        var info = new ActivityInfo
        {
            ScheduledEventId = e.EventId,
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType.Name,
            TaskQueue = queue,
            ScheduledTimeMs = now,
            AttemptScheduledTimeMs = now,
        };
        m.State.Activities[e.EventId] = info;
        var run = m.Run;
        m.AfterCommit(() =>
        {
            if (Clock.IsSet(scheduleToClose))
            {
                ArmTimeout(run, info.ScheduledEventId, 0, TimeoutType.ScheduleToClose, now + Clock.ToMs(scheduleToClose));
            }

            if (!eager)
            {
                Dispatch(run, info.ScheduledEventId, 1, queue);
            }
        });
        return e.EventId;
    }

    /// <summary>
    /// Eager activity execution: starts a just-scheduled activity for the worker that completed the workflow task
    /// and asked for it (<c>request_eager_execution</c>), saving the poll round trip. If it cannot start it (run
    /// closed meanwhile, or the start failed), a still-waiting activity goes to its queue as usual.
    /// </summary>
    public PollActivityTaskQueueResponse? StartEager(WorkflowRun run, long scheduledId, string queue, string identity)
    {
        PollActivityTaskQueueResponse? response = null;
        try
        {
            response = Start(run, new TaskRef(TaskKind.Activity, run.RunId, scheduledId, 1, queue), new PollActivityTaskQueueRequest { Namespace = run.Namespace, Identity = identity });
            return response;
        }
        finally
        {
            if (response is null)
            {
                DispatchIfWaiting(run, scheduledId);
            }
        }
    }

    private void DispatchIfWaiting(WorkflowRun run, long scheduledId)
    {
        lock (run.Gate)
        {
            if (run.IsOpen && run.State.Activities.TryGetValue(scheduledId, out var info) && !info.IsStarted && info.RetryAtMs is null)
            {
                Dispatch(run, scheduledId, info.Attempt, info.TaskQueue);
            }
        }
    }

    /// <summary>Re-arms everything a persisted activity needs after a restart.</summary>
    public void Recover(WorkflowRun run, ActivityInfo info)
    {
        var attrs = Attributes(run, info.ScheduledEventId);
        if (Clock.IsSet(attrs.ScheduleToCloseTimeout))
        {
            ArmTimeout(run, info.ScheduledEventId, 0, TimeoutType.ScheduleToClose, info.ScheduledTimeMs + Clock.ToMs(attrs.ScheduleToCloseTimeout));
        }

        if (info.IsStarted)
        {
            // Whoever ran it may be gone: let the attempt time out and retry, as the real server does.
            ArmStartedTimeouts(run, info, attrs);
        }
        else if (info.RetryAtMs is { } retryAt)
        {
            ArmRetry(run, info.ScheduledEventId, info.Attempt, retryAt, info.TaskQueue);
        }
        else
        {
            Dispatch(run, info.ScheduledEventId, info.Attempt, info.TaskQueue);
        }
    }

    public PollActivityTaskQueueResponse? Start(WorkflowRun run, TaskRef task, PollActivityTaskQueueRequest poll) => core.Runs.Mutate(run, m =>
    {
        if (!run.IsOpen || !m.State.Activities.TryGetValue(task.ScheduledEventId, out var info)
            || info.Attempt != task.Attempt || info.IsStarted || info.RetryAtMs is not null)
        {
            m.Skip = true;
            return null;
        }

        info.StartedTimeMs = Clock.NowMs;
        info.StartedIdentity = poll.Identity;
        var attrs = Attributes(run, info.ScheduledEventId);
        m.AfterCommit(() => ArmStartedTimeouts(run, info, attrs));
        return new PollActivityTaskQueueResponse
        {
            TaskToken = TaskTokens.ForActivity(run.RunId, info.ScheduledEventId, info.Attempt),
            WorkflowNamespace = run.Namespace,
            WorkflowType = new() { Name = m.State.WorkflowType },
            WorkflowExecution = run.Execution,
            ActivityType = attrs.ActivityType,
            ActivityId = attrs.ActivityId,
            Header = attrs.Header,
            Input = attrs.Input,
            ScheduledTime = Clock.ToTimestamp(info.ScheduledTimeMs),
            CurrentAttemptScheduledTime = Clock.ToTimestamp(info.AttemptScheduledTimeMs),
            StartedTime = Clock.ToTimestamp(info.StartedTimeMs.Value),
            Attempt = info.Attempt,
            ScheduleToCloseTimeout = attrs.ScheduleToCloseTimeout,
            StartToCloseTimeout = attrs.StartToCloseTimeout,
            HeartbeatTimeout = attrs.HeartbeatTimeout,
            RetryPolicy = attrs.RetryPolicy,
            HeartbeatDetails = info.HeartbeatDetails is null ? null : Payloads.Parser.ParseFrom(info.HeartbeatDetails),
            Priority = attrs.Priority,
        };
    });

    public void Complete(ByteString token, Payloads? result, string identity) => WithStarted(token, (m, info) =>
        Close(m, info, identity, EventType.ActivityTaskCompleted, e => e.ActivityTaskCompletedEventAttributes = new()
        {
            Result = result,
            ScheduledEventId = info.ScheduledEventId,
            Identity = identity,
        }));

    public void Fail(ByteString token, Failure failure, Payloads? lastHeartbeatDetails, string identity) => WithStarted(token, (m, info) =>
    {
        if (lastHeartbeatDetails is not null)
        {
            info.HeartbeatDetails = lastHeartbeatDetails.ToByteArray();
        }

        FailAttempt(m, info, failure, identity, EventType.ActivityTaskFailed);
    });

    public void Canceled(ByteString token, Payloads? details, string identity) => WithStarted(token, (m, info) =>
        Close(m, info, identity, EventType.ActivityTaskCanceled, e => e.ActivityTaskCanceledEventAttributes = new()
        {
            Details = details,
            ScheduledEventId = info.ScheduledEventId,
            LatestCancelRequestedEventId = info.CancelRequestedEventId,
            Identity = identity,
        }));

    public bool Heartbeat(ByteString token, Payloads? details) => WithStarted(token, (m, info) =>
    {
        info.LastHeartbeatMs = Clock.NowMs;
        if (details is not null)
        {
            info.HeartbeatDetails = details.ToByteArray();
        }

        return info.CancelRequested;
    });

    public static ByteString TokenFor(WorkflowRun run, string activityId)
    {
        lock (run.Gate)
        {
            var info = run.State.Activities.Values.FirstOrDefault(a => a.ActivityId == activityId)
                ?? throw RpcErrors.NotFound($"Activity '{activityId}' is not pending in workflow '{run.WorkflowId}'.");
            return TaskTokens.ForActivity(run.RunId, info.ScheduledEventId, info.Attempt);
        }
    }

    /// <summary>RequestCancelActivityTask command. Returns true when the workflow needs a new task to see the result.</summary>
    public static bool RequestCancel(RunMutation m, long scheduledId, long completedEventId)
    {
        var requested = m.Append(EventType.ActivityTaskCancelRequested, e => e.ActivityTaskCancelRequestedEventAttributes = new()
        {
            ScheduledEventId = scheduledId,
            WorkflowTaskCompletedEventId = completedEventId,
        });
        if (!m.State.Activities.TryGetValue(scheduledId, out var info))
        {
            return false;
        }

        if (info.IsStarted)
        {
            // The worker learns it from its next heartbeat response.
            info.CancelRequested = true;
            info.CancelRequestedEventId = requested.EventId;
            return false;
        }

        m.State.Activities.Remove(scheduledId);
        m.Append(EventType.ActivityTaskCanceled, e => e.ActivityTaskCanceledEventAttributes = new()
        {
            ScheduledEventId = scheduledId,
            LatestCancelRequestedEventId = requested.EventId,
        });
        return true;
    }

    private T WithStarted<T>(ByteString token, Func<RunMutation, ActivityInfo, T> action)
    {
        var (runId, scheduledId, attempt) = TaskTokens.ParseActivity(token);
        var run = core.Runs.FindRun(runId) ?? throw RpcErrors.NotFound("Activity task not found: unknown run.");
        return core.Runs.Mutate(run, m =>
        {
            if (!run.IsOpen || !m.State.Activities.TryGetValue(scheduledId, out var info) || info.Attempt != attempt || !info.IsStarted)
            {
                throw RpcErrors.NotFound("Activity task not found: it already completed, timed out, or its workflow closed.");
            }

            return action(m, info);
        });
    }

    private void WithStarted(ByteString token, Action<RunMutation, ActivityInfo> action) => WithStarted(token, (m, info) =>
    {
        action(m, info);
        return true;
    });

    private void FailAttempt(RunMutation m, ActivityInfo info, Failure failure, string identity, EventType closeType)
    {
        var attrs = Attributes(m.Run, info.ScheduledEventId);
        var deadline = Clock.IsSet(attrs.ScheduleToCloseTimeout) ? info.ScheduledTimeMs + Clock.ToMs(attrs.ScheduleToCloseTimeout) : (long?)null;
        var (delayMs, retryState) = RetryDecision.Decide(attrs.RetryPolicy, info.Attempt, failure, deadline);
        if (delayMs is { } delay)
        {
            info.Attempt++;
            info.StartedTimeMs = null;
            info.StartedIdentity = null;
            info.LastFailure = failure.ToByteArray();
            info.RetryAtMs = Clock.NowMs + delay;
            var run = m.Run;
            var (scheduledId, attempt, retryAt, queue) = (info.ScheduledEventId, info.Attempt, info.RetryAtMs.Value, info.TaskQueue);
            m.AfterCommit(() => ArmRetry(run, scheduledId, attempt, retryAt, queue));
            return;
        }

        Close(m, info, identity, closeType, e =>
        {
            if (closeType == EventType.ActivityTaskFailed)
            {
                e.ActivityTaskFailedEventAttributes = new()
                {
                    Failure = failure,
                    ScheduledEventId = info.ScheduledEventId,
                    Identity = identity,
                    RetryState = retryState,
                };
            }
            else
            {
                e.ActivityTaskTimedOutEventAttributes = new()
                {
                    Failure = failure,
                    ScheduledEventId = info.ScheduledEventId,
                    RetryState = retryState,
                };
            }
        });
    }

    private void Close(RunMutation m, ActivityInfo info, string identity, EventType type, Action<HistoryEvent> set)
    {
        m.State.Activities.Remove(info.ScheduledEventId);
        if (info.IsStarted)
        {
            WorkflowTasks.AddPassiveEvent(m, EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new()
            {
                ScheduledEventId = info.ScheduledEventId,
                Identity = info.StartedIdentity ?? identity,
                RequestId = Guid.NewGuid().ToString(),
                Attempt = info.Attempt,
                LastFailure = info.LastFailure is null ? null : Failure.Parser.ParseFrom(info.LastFailure),
            });
        }

        // The started id is linked now if the Started event got an id, else when the buffer is flushed.
        var startedId = m.State.WorkflowTask is { IsStarted: true } ? 0 : (info.IsStarted ? m.History.LastEventId : 0);
        core.WorkflowTasks.AddExternalEvent(m, type, e =>
        {
            set(e);
            SetStartedId(e, startedId);
        });
    }

    private static void SetStartedId(HistoryEvent e, long startedId)
    {
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes:
                e.ActivityTaskCompletedEventAttributes.StartedEventId = startedId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes:
                e.ActivityTaskFailedEventAttributes.StartedEventId = startedId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes:
                e.ActivityTaskTimedOutEventAttributes.StartedEventId = startedId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes:
                e.ActivityTaskCanceledEventAttributes.StartedEventId = startedId;
                break;
            default:
                break;
        }
    }

    private void Dispatch(WorkflowRun run, long scheduledId, int attempt, string queue)
    {
        var attrs = Attributes(run, scheduledId);
        if (Clock.IsSet(attrs.ScheduleToStartTimeout) && attrs.ScheduleToStartTimeout != attrs.ScheduleToCloseTimeout)
        {
            ArmTimeout(run, scheduledId, attempt, TimeoutType.ScheduleToStart, Clock.NowMs + Clock.ToMs(attrs.ScheduleToStartTimeout));
        }

        core.Queues.Activity(run.Namespace, queue).Offer(new TaskRef(TaskKind.Activity, run.RunId, scheduledId, attempt, queue));
    }

    private void ArmRetry(WorkflowRun run, long scheduledId, int attempt, long retryAtMs, string queue) =>
        core.Timers.At(retryAtMs, "activity retry", () =>
        {
            var due = core.Runs.Mutate(run, m =>
            {
                if (!run.IsOpen || !m.State.Activities.TryGetValue(scheduledId, out var info) || info.Attempt != attempt || info.RetryAtMs is null)
                {
                    m.Skip = true;
                    return false;
                }

                info.RetryAtMs = null;
                info.AttemptScheduledTimeMs = Clock.NowMs;
                return true;
            });
            if (due)
            {
                Dispatch(run, scheduledId, attempt, queue);
            }
        });

    private void ArmStartedTimeouts(WorkflowRun run, ActivityInfo info, ActivityTaskScheduledEventAttributes attrs)
    {
        var started = info.StartedTimeMs ?? Clock.NowMs;
        if (Clock.IsSet(attrs.StartToCloseTimeout))
        {
            ArmTimeout(run, info.ScheduledEventId, info.Attempt, TimeoutType.StartToClose, started + Clock.ToMs(attrs.StartToCloseTimeout));
        }

        if (Clock.IsSet(attrs.HeartbeatTimeout))
        {
            ArmTimeout(run, info.ScheduledEventId, info.Attempt, TimeoutType.Heartbeat, Math.Max(started, info.LastHeartbeatMs ?? 0) + Clock.ToMs(attrs.HeartbeatTimeout));
        }
    }

    private void ArmTimeout(WorkflowRun run, long scheduledId, int attempt, TimeoutType type, long dueMs) =>
        core.Timers.At(dueMs, $"activity {type} timeout", () => core.Runs.Mutate(run, m => TimeOut(m, scheduledId, attempt, type)));

    private void TimeOut(RunMutation m, long scheduledId, int attempt, TimeoutType type)
    {
        if (!m.Run.IsOpen || !m.State.Activities.TryGetValue(scheduledId, out var info) || (type != TimeoutType.ScheduleToClose && info.Attempt != attempt))
        {
            m.Skip = true;
            return;
        }

        var attrs = Attributes(m.Run, scheduledId);
        switch (type)
        {
            case TimeoutType.ScheduleToStart when info.IsStarted || info.RetryAtMs is not null:
            case TimeoutType.StartToClose or TimeoutType.Heartbeat when !info.IsStarted:
                m.Skip = true;
                return;
            case TimeoutType.Heartbeat:
                var lastBeat = Math.Max(info.StartedTimeMs!.Value, info.LastHeartbeatMs ?? 0);
                var due = lastBeat + Clock.ToMs(attrs.HeartbeatTimeout);
                if (due > Clock.NowMs)
                {
                    m.Skip = true;
                    var run = m.Run;
                    m.AfterUnlock(() => ArmTimeout(run, scheduledId, attempt, TimeoutType.Heartbeat, due));
                    return;
                }

                break;
            default:
                break;
        }

        var failure = new Failure
        {
            Message = $"activity {type} timeout",
            Source = "Server",
            TimeoutFailureInfo = new()
            {
                TimeoutType = type,
                LastHeartbeatDetails = info.HeartbeatDetails is null ? null : Payloads.Parser.ParseFrom(info.HeartbeatDetails),
            },
        };
        if (type is TimeoutType.StartToClose or TimeoutType.Heartbeat)
        {
            FailAttempt(m, info, failure, info.StartedIdentity ?? string.Empty, EventType.ActivityTaskTimedOut);
            return;
        }

        // Schedule-to-start and schedule-to-close timeouts end the activity outright.
        Close(m, info, info.StartedIdentity ?? string.Empty, EventType.ActivityTaskTimedOut, e => e.ActivityTaskTimedOutEventAttributes = new()
        {
            Failure = failure,
            ScheduledEventId = scheduledId,
            RetryState = RetryState.Timeout,
        });
    }

    private static ActivityTaskScheduledEventAttributes Attributes(WorkflowRun run, long scheduledId) =>
        run.History.Get(scheduledId).ActivityTaskScheduledEventAttributes;
}
