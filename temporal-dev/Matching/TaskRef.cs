namespace Karma.TemporalDev.Matching;

internal enum TaskKind
{
    Workflow,
    Activity,
    Query,
}

/// <summary>
/// A pointer to work owed by a run. Refs may go stale (task already started elsewhere, run closed); the
/// poller validates against the run's current state and skips stale ones, so queues never need cleanup.
/// </summary>
internal sealed record TaskRef(TaskKind Kind, string RunId, long ScheduledEventId, int Attempt, string NormalQueue, string? QueryId = null);
