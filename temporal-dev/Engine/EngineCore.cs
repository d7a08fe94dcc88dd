using Karma.TemporalDev.Matching;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Timers;
using Microsoft.Extensions.Logging;

namespace Karma.TemporalDev.Engine;

/// <summary>The server's state machine parts wired together; one instance per server.</summary>
internal sealed partial class EngineCore
{
    private readonly ILogger<EngineCore> logger;

    public EngineCore(SqliteStore store, NamespaceRegistry namespaces, ILoggerFactory loggers)
    {
        logger = loggers.CreateLogger<EngineCore>();
        Namespaces = namespaces;
        Runs = new RunRepository(store, loggers.CreateLogger<RunRepository>());
        Timers = new TimerService(loggers.CreateLogger<TimerService>());
        WorkflowTasks = new WorkflowTasks(this);
        Completion = new WorkflowTaskCompletion(this);
        Activities = new Activities(this);
        UserTimers = new UserTimers(this);
        Lifecycle = new WorkflowLifecycle(this);
        Closing = new WorkflowClosing(this);
        Children = new ChildWorkflows(this);
    }

    public NamespaceRegistry Namespaces { get; }

    public RunRepository Runs { get; }

    public TaskQueueRegistry Queues { get; } = new();

    public TimerService Timers { get; }

    public QueryRegistry Queries { get; } = new();

    /// <summary>Cancelled when the server stops, so long polls answer at once instead of holding shutdown up.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    public WorkflowTasks WorkflowTasks { get; }

    public WorkflowTaskCompletion Completion { get; }

    public Activities Activities { get; }

    public UserTimers UserTimers { get; }

    public WorkflowLifecycle Lifecycle { get; }

    public WorkflowClosing Closing { get; }

    public ChildWorkflows Children { get; }

    /// <summary>
    /// Resumes every open run after a (re)start: a workflow task that was running is timed out and scheduled
    /// again (its worker's answer would be for a task this process never handed out), everything else re-armed.
    /// </summary>
    public int Recover()
    {
        var runs = Runs.LoadOpenRuns();
        foreach (var run in runs)
        {
            Runs.Mutate(run, m =>
            {
                var s = m.State;
                s.StickyQueue = null;
                if (s.WorkflowTask is { IsStarted: true })
                {
                    WorkflowTasks.Abandon(m, wt => m.Append(Temporalio.Api.Enums.V1.EventType.WorkflowTaskTimedOut, e => e.WorkflowTaskTimedOutEventAttributes = new()
                    {
                        ScheduledEventId = wt.ScheduledEventId,
                        StartedEventId = wt.StartedEventId,
                        TimeoutType = Temporalio.Api.Enums.V1.TimeoutType.StartToClose,
                    }), resetStickyOnly: true);
                }
                else if (s.WorkflowTask is { } scheduled)
                {
                    m.AfterCommit(() => WorkflowTasks.Dispatch(run, scheduled.ScheduledEventId));
                }
                else if (m.History.Buffered.Count > 0 || s.WorkflowTaskRequested)
                {
                    m.History.FlushBuffered();
                    WorkflowTasks.Schedule(m);
                }

                m.AfterCommit(() =>
                {
                    foreach (var activity in s.Activities.Values.ToList())
                    {
                        Activities.Recover(run, activity);
                    }

                    foreach (var timer in s.Timers.Values.ToList())
                    {
                        UserTimers.Arm(run, timer);
                    }

                    Lifecycle.ArmRunTimeout(run);
                });
                foreach (var child in s.Children.Values.Where(c => c.RunId is null).ToList())
                {
                    m.AfterUnlock(() => Children.Recover(run, child));
                }
            });
        }

        LogRecovered(logger, runs.Count);
        return runs.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Count} open workflow runs")]
    private static partial void LogRecovered(ILogger logger, int count);
}
