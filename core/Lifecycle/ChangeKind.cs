using System.Text.Json.Serialization;

namespace Karma.Core.Lifecycle;

/// <summary>What a <see cref="ChangeRequest"/> asks for; the lifecycle branches on it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    /// <summary>A new config: validate, plan, approve, apply, commit. Ends with no_changes when it equals the published config.</summary>
    Change,

    /// <summary>A dry run: impact and a Terraform plan, then stop. Nothing is approved, published, applied or committed.</summary>
    Plan,

    /// <summary>
    /// Apply the config in Git as it is: planned even when it equals the published config (drift, never applied), so it
    /// ends with no_changes only when Terraform has nothing to do.
    /// </summary>
    Deploy,
}

public static class ChangeKinds
{
    /// <summary>Dry runs carry ids starting with this, so they never share a workflow id with a queued change.</summary>
    public const string PlanIdPrefix = "plan-";

    public static bool IsPlanId(string changeId) => changeId.StartsWith(PlanIdPrefix, StringComparison.Ordinal);

    public static string ToWire(this ChangeKind kind) => kind switch
    {
        ChangeKind.Change => "change",
        ChangeKind.Plan => "plan",
        ChangeKind.Deploy => "deploy",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown change kind."),
    };
}
