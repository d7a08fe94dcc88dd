using System.Text.Json.Serialization;
using Karma.Core.Lifecycle;
using Karma.Core.Model;

namespace Karma.Activities.Lifecycle;

/// <param name="ConfigJson">The config to plan with; null plans with the config published in Parameter Store.</param>
/// <param name="DryRunId">
/// Set for a dry run: plan in the run's own workspace without the state lock, then remove its working folders (the plan
/// file stays, like any change's). Null plans in the instance's workspace, for apply.
/// </param>
public sealed record PlanChangeInput(string Environment, ComponentId Component, string? ConfigJson, string? DryRunId = null);

public sealed record ApplyPlanInput(string Environment, ComponentId Component, string? ConfigJson, PlanDigest ApprovedPlan);

[JsonConverter(typeof(JsonStringEnumConverter<ApplyOutcomeKind>))]
public enum ApplyOutcomeKind
{
    /// <summary>The approved changes are now in place.</summary>
    Applied,

    /// <summary>The state or an upstream runtime changed: <see cref="ApplyOutcome.FreshPlan"/> needs approval. Nothing was applied.</summary>
    Stale,
}

/// <param name="Resumed">A retry found an earlier attempt's apply (partly or fully) done and continued from the real state.</param>
public sealed record ApplyOutcome(ApplyOutcomeKind Kind, PlanDigest? FreshPlan, bool Resumed, int TerraformApplies);

public sealed record PublishRuntimeInput(string Environment, ComponentId Component, string? ConfigJson, string? PreviousRuntimeJson);

/// <param name="DroppedSensitiveOutputs">
/// Outputs terraform marks sensitive, left out of the runtime (their values never leave terraform); null in results from
/// before it was reported.
/// </param>
public sealed record PublishedRuntime(IReadOnlyList<string> RuntimeKeys, IReadOnlyList<string> ChangedKeys, long? Version,
    IReadOnlyList<string>? DroppedSensitiveOutputs = null)
{
    /// <summary>What the change should say about the runtime, e.g. that the module published none under the component's path.</summary>
    public string? Note { get; init; }
}

public sealed record VerifyInput(string Environment, ComponentId Component, string? ConfigJson, IReadOnlyList<ConsumedKeys> Consumers);

public sealed record VerifyReport(IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}
