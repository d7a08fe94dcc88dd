using System.Text.Json.Serialization;

namespace Karma.Core.Lifecycle;

/// <summary>
/// The steps of one change. Serialized by name so that queries and search attributes read well in the Temporal UI.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeState>))]
public enum ChangeState
{
    Queued,
    Validating,
    Analyzing,
    Planning,
    AwaitingApproval,
    Publishing,

    /// <summary>Recorded durably before Terraform apply starts, so a crash mid-apply is never ambiguous.</summary>
    Applying,
    CapturingRuntime,
    Verifying,
    RollingBack,
    WritingGraph,
    Committing,
    Applied,

    /// <summary>A dry run (<see cref="ChangeKind.Plan"/>) ended after its plan; nothing was applied.</summary>
    Planned,
    NoChanges,
    Rejected,
    Invalid,
    Expired,
    Failed,
    RolledBack,
    Cancelled,
}

public static class ChangeStates
{
    public static bool IsTerminal(this ChangeState state) => state is ChangeState.Applied or ChangeState.Planned or ChangeState.NoChanges
        or ChangeState.Rejected or ChangeState.Invalid or ChangeState.Expired or ChangeState.Failed
        or ChangeState.RolledBack or ChangeState.Cancelled;

    /// <summary>The lower-case words Karma's result and audit entries use ("applied", "awaiting_approval").</summary>
    public static string ToWire(this ChangeState state) => state switch
    {
        ChangeState.AwaitingApproval => "awaiting_approval",
        ChangeState.CapturingRuntime => "capturing_runtime",
        ChangeState.RollingBack => "rolling_back",
        ChangeState.WritingGraph => "writing_graph",
        ChangeState.NoChanges => "no_changes",
        ChangeState.RolledBack => "rolled_back",
        _ => state.ToString().ToLowerInvariant(),
    };
}
