using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>Workflow timers: StartTimer / CancelTimer commands and TimerFired events.</summary>
internal sealed class UserTimers(EngineCore core)
{
    public void Start(RunMutation m, StartTimerCommandAttributes a, long completedEventId, Temporalio.Api.Sdk.V1.UserMetadata? metadata)
    {
        var started = m.Append(EventType.TimerStarted, e =>
        {
            e.TimerStartedEventAttributes = new()
            {
                TimerId = a.TimerId,
                StartToFireTimeout = a.StartToFireTimeout,
                WorkflowTaskCompletedEventId = completedEventId,
            };
            e.UserMetadata = metadata;
        });
        var info = new TimerInfo { TimerId = a.TimerId, StartedEventId = started.EventId, FireAtMs = Clock.NowMs + Clock.ToMs(a.StartToFireTimeout) };
        m.State.Timers[a.TimerId] = info;
        var run = m.Run;
        m.AfterCommit(() => Arm(run, info));
    }

    public static void Cancel(RunMutation m, string timerId, long completedEventId)
    {
        if (!m.State.Timers.Remove(timerId, out var info))
        {
            return;
        }

        m.Append(EventType.TimerCanceled, e => e.TimerCanceledEventAttributes = new()
        {
            TimerId = timerId,
            StartedEventId = info.StartedEventId,
            WorkflowTaskCompletedEventId = completedEventId,
        });
    }

    public void Arm(WorkflowRun run, TimerInfo info) => core.Timers.At(info.FireAtMs, "user timer", () => core.Runs.Mutate(run, m =>
    {
        if (!run.IsOpen || !m.State.Timers.TryGetValue(info.TimerId, out var current) || current.StartedEventId != info.StartedEventId)
        {
            m.Skip = true;
            return;
        }

        m.State.Timers.Remove(info.TimerId);
        core.WorkflowTasks.AddExternalEvent(m, EventType.TimerFired, e => e.TimerFiredEventAttributes = new()
        {
            TimerId = info.TimerId,
            StartedEventId = info.StartedEventId,
        });
    }));
}
