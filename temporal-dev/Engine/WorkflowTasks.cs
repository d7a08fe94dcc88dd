using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Karma.TemporalDev.Matching;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.WorkflowService.V1;
using TaskQueueProto = Temporalio.Api.TaskQueue.V1.TaskQueue;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// The workflow-task state machine of a run: scheduled → started → completed / failed / timed out, with events
/// that arrive meanwhile buffered, stickiness (partial history to the worker that has the run cached) and
/// the start-to-close timeout.
/// </summary>
internal sealed class WorkflowTasks(EngineCore core)
{
    /// <summary>A sticky queue is trusted only while its worker polls it; otherwise tasks go to the normal queue.</summary>
    private static readonly TimeSpan StickyLiveness = TimeSpan.FromSeconds(10);

    /// <summary>Adds an event that the workflow must see: buffered during a running task, else appended + task scheduled.</summary>
    public void AddExternalEvent(RunMutation m, EventType type, Action<HistoryEvent> set)
    {
        if (!m.Run.IsOpen)
        {
            return;
        }

        if (m.State.WorkflowTask is { IsStarted: true })
        {
            m.History.Buffer(type, set);
            m.State.WorkflowTaskRequested = true;
            return;
        }

        m.Append(type, set);
        Schedule(m);
    }

    /// <summary>Adds an event that needs no workflow task of its own (e.g. an activity's Started event).</summary>
    public static void AddPassiveEvent(RunMutation m, EventType type, Action<HistoryEvent> set)
    {
        if (m.State.WorkflowTask is { IsStarted: true })
        {
            m.History.Buffer(type, set);
        }
        else
        {
            m.Append(type, set);
        }
    }

    public void Schedule(RunMutation m, long delayMs = 0)
    {
        var s = m.State;
        if (!m.Run.IsOpen)
        {
            return;
        }

        if (s.WorkflowTask is { } running)
        {
            if (running.IsStarted)
            {
                s.WorkflowTaskRequested = true;
            }

            return;
        }

        var scheduled = m.Append(EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = new TaskQueueProto { Name = s.TaskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Clock.Seconds(s.WorkflowTaskTimeoutSeconds),
            Attempt = s.WorkflowTaskAttempt,
        });
        s.WorkflowTask = new WorkflowTaskInfo { ScheduledEventId = scheduled.EventId, ScheduledTimeMs = Clock.NowMs };
        s.WorkflowTaskRequested = false;
        var run = m.Run;
        var scheduledId = scheduled.EventId;
        if (delayMs > 0)
        {
            m.AfterCommit(() => core.Timers.At(Clock.NowMs + delayMs, "workflow task backoff", () => Dispatch(run, scheduledId)));
        }
        else
        {
            m.AfterCommit(() => Dispatch(run, scheduledId));
        }
    }

    /// <summary>Routes a scheduled task to the sticky queue of the worker that has the run cached, if it is alive.</summary>
    public void Dispatch(WorkflowRun run, long scheduledId)
    {
        string? sticky;
        string normal;
        double stickyTimeout;
        lock (run.Gate)
        {
            if (run.State.WorkflowTask?.ScheduledEventId != scheduledId || run.State.WorkflowTask.IsStarted)
            {
                return;
            }

            sticky = run.State.StickyQueue;
            normal = run.State.TaskQueue;
            stickyTimeout = run.State.StickyScheduleToStartSeconds;
        }

        var task = new TaskRef(TaskKind.Workflow, run.RunId, scheduledId, 0, normal);
        if (sticky is not null && core.Queues.Workflow(run.Namespace, sticky) is { } stickyQueue && stickyQueue.PolledWithin(StickyLiveness))
        {
            stickyQueue.Offer(task);
            core.Timers.At(Clock.NowMs + (long)(stickyTimeout * 1000), "sticky schedule-to-start", () => StickyTimedOut(run, scheduledId));
            return;
        }

        core.Queues.Workflow(run.Namespace, normal).Offer(task);
    }

    /// <summary>Starts the task for a poller; null when the ref is stale.</summary>
    public PollWorkflowTaskQueueResponse? Start(WorkflowRun run, TaskRef task, PollWorkflowTaskQueueRequest poll, bool fromSticky) =>
        core.Runs.Mutate(run, m =>
        {
            var wt = m.State.WorkflowTask;
            if (!run.IsOpen || wt is null || wt.IsStarted || wt.ScheduledEventId != task.ScheduledEventId)
            {
                m.Skip = true;
                return null;
            }

            var historySize = m.History.Events.Sum(e => (long)e.CalculateSize());
            var started = m.Append(EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
            {
                ScheduledEventId = wt.ScheduledEventId,
                Identity = poll.Identity,
                RequestId = Guid.NewGuid().ToString(),
                HistorySizeBytes = historySize,
            });
            wt.StartedEventId = started.EventId;
            wt.StartedTimeMs = Clock.NowMs;
            wt.StartedIdentity = poll.Identity;
            var scheduledId = wt.ScheduledEventId;
            var startedId = started.EventId;
            m.AfterCommit(() => core.Timers.At(Clock.NowMs + (long)(m.State.WorkflowTaskTimeoutSeconds * 1000), "workflow task start-to-close",
                () => TimedOut(run, scheduledId, startedId)));

            // Sticky workers have the run cached up to the previous task: send only what came after it.
            var partial = fromSticky && m.State.StickyQueue == poll.TaskQueue.Name && m.State.PreviousStartedEventId > 0;
            var events = partial ? m.History.Events.Skip((int)m.State.PreviousStartedEventId) : m.History.Events;
            var response = new PollWorkflowTaskQueueResponse
            {
                TaskToken = TaskTokens.ForWorkflowTask(run.RunId, scheduledId, m.State.WorkflowTaskAttempt),
                WorkflowExecution = run.Execution,
                WorkflowType = new() { Name = m.State.WorkflowType },
                PreviousStartedEventId = m.State.PreviousStartedEventId,
                StartedEventId = startedId,
                Attempt = m.State.WorkflowTaskAttempt,
                BacklogCountHint = 0,
                History = new() { Events = { events.Select(e => e.Clone()) } },
                WorkflowExecutionTaskQueue = new TaskQueueProto { Name = m.State.TaskQueue, Kind = TaskQueueKind.Normal },
                ScheduledTime = m.History.Get(scheduledId).EventTime,
                StartedTime = started.EventTime,
            };
            foreach (var update in run.Updates.All.Where(u => u.Stage == UpdateStage.Admitted))
            {
                update.Stage = UpdateStage.Delivered;
                response.Messages.Add(new Message
                {
                    Id = update.Id + "/request",
                    ProtocolInstanceId = update.Id,
                    EventId = scheduledId,
                    Body = Any.Pack(update.Request),
                });
            }

            return response;
        });

    /// <summary>Ends the running task without completion (failure or timeout) and schedules the next attempt.</summary>
    public void Abandon(RunMutation m, Action<WorkflowTaskInfo> appendEndEvent, bool resetStickyOnly = false)
    {
        var wt = m.State.WorkflowTask!;
        appendEndEvent(wt);
        m.State.WorkflowTask = null;
        m.State.StickyQueue = null;
        m.Run.Updates.ReturnUndecidedToAdmitted();
        m.History.FlushBuffered();
        if (!resetStickyOnly)
        {
            m.State.WorkflowTaskAttempt++;
        }

        // A workflow that keeps failing its tasks should not spin: back off up to 10 s between attempts.
        var delayMs = resetStickyOnly ? 0 : Math.Min(10_000, 1000L * (m.State.WorkflowTaskAttempt - 1));
        Schedule(m, delayMs);
    }

    public void Fail(RunMutation m, WorkflowTaskFailedCause cause, Failure? failure, string identity)
    {
        Abandon(m, wt => m.Append(EventType.WorkflowTaskFailed, e => e.WorkflowTaskFailedEventAttributes = new()
        {
            ScheduledEventId = wt.ScheduledEventId,
            StartedEventId = wt.StartedEventId,
            Cause = cause,
            Failure = failure,
            Identity = identity,
        }), resetStickyOnly: cause == WorkflowTaskFailedCause.ResetStickyTaskQueue);
    }

    private void TimedOut(WorkflowRun run, long scheduledId, long startedId) => core.Runs.Mutate(run, m =>
    {
        var wt = m.State.WorkflowTask;
        if (!run.IsOpen || wt is null || wt.ScheduledEventId != scheduledId || wt.StartedEventId != startedId)
        {
            m.Skip = true;
            return;
        }

        Abandon(m, w => m.Append(EventType.WorkflowTaskTimedOut, e => e.WorkflowTaskTimedOutEventAttributes = new()
        {
            ScheduledEventId = w.ScheduledEventId,
            StartedEventId = w.StartedEventId,
            TimeoutType = TimeoutType.StartToClose,
        }));
    });

    private void StickyTimedOut(WorkflowRun run, long scheduledId)
    {
        string normal;
        lock (run.Gate)
        {
            var wt = run.State.WorkflowTask;
            if (!run.IsOpen || wt is null || wt.IsStarted || wt.ScheduledEventId != scheduledId)
            {
                return;
            }

            // The sticky worker did not pick it up in time: forget stickiness; the normal queue gets full history.
            run.State.StickyQueue = null;
            normal = run.State.TaskQueue;
        }

        core.Queues.Workflow(run.Namespace, normal).Offer(new TaskRef(TaskKind.Workflow, run.RunId, scheduledId, 0, normal));
    }
}
