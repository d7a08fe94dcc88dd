using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Sdk.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>Everything needed to start a run, whichever way it was asked for (client, child, continue-as-new).</summary>
internal sealed record StartSpec(string Namespace, string WorkflowId, string WorkflowType, string TaskQueue, string RequestId)
{
    public Payloads? Input { get; init; }

    public Duration? ExecutionTimeout { get; init; }

    public Duration? RunTimeout { get; init; }

    public Duration? TaskTimeout { get; init; }

    public string Identity { get; init; } = string.Empty;

    public RetryPolicy? RetryPolicy { get; init; }

    public Memo? Memo { get; init; }

    public SearchAttributes? SearchAttributes { get; init; }

    public Header? Header { get; init; }

    public UserMetadata? UserMetadata { get; init; }

    public WorkflowIdReusePolicy ReusePolicy { get; init; }

    public WorkflowIdConflictPolicy ConflictPolicy { get; init; }

    public ParentInfo? Parent { get; init; }

    public ParentClosePolicy ParentClosePolicy { get; init; }

    /// <summary>Set for continue-as-new: the run id is chosen by the closing run and policies do not apply.</summary>
    public string? PresetRunId { get; init; }

    public string? ContinuedFromRunId { get; init; }

    public string? FirstRunId { get; init; }

    public long? ExecutionDeadlineMs { get; init; }

    public Payloads? LastCompletionResult { get; init; }

    public Failure? ContinuedFailure { get; init; }

    public ContinueAsNewInitiator Initiator { get; init; }

    public int Attempt { get; init; } = 1;

    /// <summary>Delay before the first workflow task (a retried run waits its backoff).</summary>
    public long FirstTaskDelayMs { get; init; }

    /// <summary>Runs inside the new run's first transaction, before its first workflow task (signal-with-start).</summary>
    public Action<RunMutation>? BeforeFirstTask { get; init; }
}
