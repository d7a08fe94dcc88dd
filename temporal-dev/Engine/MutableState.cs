using Temporalio.Api.Enums.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// Everything about one run that is not in its history but is needed to drive it: persisted as JSON beside
/// the append-only events, rewritten in the same transaction. Protobuf-valued fields are kept as bytes.
/// </summary>
internal sealed class MutableState
{
    public string WorkflowType { get; set; } = string.Empty;

    public string TaskQueue { get; set; } = string.Empty;

    public WorkflowExecutionStatus Status { get; set; } = WorkflowExecutionStatus.Running;

    public long StartTimeMs { get; set; }

    public long? CloseTimeMs { get; set; }

    public string FirstRunId { get; set; } = string.Empty;

    public string? StartRequestId { get; set; }

    public double WorkflowTaskTimeoutSeconds { get; set; } = 10;

    public long? RunDeadlineMs { get; set; }

    public long? ExecutionDeadlineMs { get; set; }

    public WorkflowTaskInfo? WorkflowTask { get; set; }

    /// <summary>Started event id of the last completed workflow task (0 before the first one).</summary>
    public long PreviousStartedEventId { get; set; }

    /// <summary>A new workflow task is owed as soon as the running one completes.</summary>
    public bool WorkflowTaskRequested { get; set; }

    public int WorkflowTaskAttempt { get; set; } = 1;

    public string? StickyQueue { get; set; }

    public double StickyScheduleToStartSeconds { get; set; } = 5;

    public bool CancelRequested { get; set; }

    public Dictionary<long, ActivityInfo> Activities { get; set; } = [];

    public Dictionary<string, TimerInfo> Timers { get; set; } = [];

    public Dictionary<long, ChildInfo> Children { get; set; } = [];

    /// <summary>Request ids of signals already applied, so a retried signal is not delivered twice.</summary>
    public List<string> SignalRequestIds { get; set; } = [];

    public ParentInfo? Parent { get; set; }

    /// <summary>Run that continued this one (set on ContinuedAsNew close) so result waiters can follow.</summary>
    public string? NextRunId { get; set; }

    public byte[]? Memo { get; set; }

    public byte[]? SearchAttributes { get; set; }

    public long StateTransitions { get; set; }
}

internal sealed class WorkflowTaskInfo
{
    public long ScheduledEventId { get; set; }

    public long StartedEventId { get; set; }

    public long ScheduledTimeMs { get; set; }

    public long StartedTimeMs { get; set; }

    public string? StartedIdentity { get; set; }

    public bool IsStarted => StartedEventId > 0;
}

internal sealed class ActivityInfo
{
    public long ScheduledEventId { get; set; }

    public string ActivityId { get; set; } = string.Empty;

    public string ActivityType { get; set; } = string.Empty;

    public string TaskQueue { get; set; } = string.Empty;

    public int Attempt { get; set; } = 1;

    public long ScheduledTimeMs { get; set; }

    public long AttemptScheduledTimeMs { get; set; }

    public long? StartedTimeMs { get; set; }

    public string? StartedIdentity { get; set; }

    public long? LastHeartbeatMs { get; set; }

    public byte[]? HeartbeatDetails { get; set; }

    /// <summary>When set the activity waits for a retry backoff before it is dispatched again.</summary>
    public long? RetryAtMs { get; set; }

    public byte[]? LastFailure { get; set; }

    public bool CancelRequested { get; set; }

    public long CancelRequestedEventId { get; set; }

    public bool IsStarted => StartedTimeMs.HasValue;
}

internal sealed class TimerInfo
{
    public string TimerId { get; set; } = string.Empty;

    public long StartedEventId { get; set; }

    public long FireAtMs { get; set; }
}

internal sealed class ChildInfo
{
    public long InitiatedEventId { get; set; }

    public string Namespace { get; set; } = string.Empty;

    public string WorkflowId { get; set; } = string.Empty;

    public string WorkflowType { get; set; } = string.Empty;

    public string? RunId { get; set; }

    public long StartedEventId { get; set; }

    public ParentClosePolicy ParentClosePolicy { get; set; }
}

internal sealed class ParentInfo
{
    public string Namespace { get; set; } = string.Empty;

    public string WorkflowId { get; set; } = string.Empty;

    public string RunId { get; set; } = string.Empty;

    public long InitiatedEventId { get; set; }
}
