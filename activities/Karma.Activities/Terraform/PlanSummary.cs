namespace Karma.Activities.Terraform;

/// <summary>
/// What a saved plan would do, small enough for a workflow payload or a Slack message. It carries no
/// attribute values — only addresses, actions and the names of changed attributes — and output values
/// only for outputs that are not sensitive.
/// </summary>
/// <param name="HasChanges">terraform's own verdict (<c>-detailed-exitcode</c> 2).</param>
/// <param name="ResourceChanges">Every resource the plan touches (no-ops left out; see <paramref name="NoOp"/>).</param>
/// <param name="OutputChanges">Outputs that change.</param>
/// <param name="DriftedResources">Resources whose real state differed from the state file when refreshed.</param>
public sealed record PlanSummary(
    bool HasChanges,
    int Create,
    int Update,
    int Delete,
    int Replace,
    int NoOp,
    IReadOnlyList<ResourceChangeSummary> ResourceChanges,
    IReadOnlyList<OutputChangeSummary> OutputChanges,
    int DriftedResources)
{
    /// <summary>A plan terraform reported as having no changes, when it was not summarised (<see cref="PlanRequest.SummarizeWhenUnchanged"/>).</summary>
    public static PlanSummary NoChanges { get; } = new(false, 0, 0, 0, 0, 0, [], [], 0);

    /// <summary>True when something would be destroyed (deleted or replaced) — the changes that need extra care.</summary>
    public bool HasDestroys => Delete + Replace > 0;

    /// <summary>Addresses of resources that would be destroyed (deleted or replaced).</summary>
    public IReadOnlyList<string> DestroyedAddresses =>
        ResourceChanges.Where(change => change.IsDestroy).Select(change => change.Address).ToArray();
}

/// <summary>One resource in a plan.</summary>
/// <param name="ChangedAttributes">Top-level attributes whose value changes or becomes known only after apply.</param>
/// <param name="ActionReason">terraform's reason code, e.g. <c>replace_because_cannot_update</c>.</param>
public sealed record ResourceChangeSummary(
    string Address,
    string Type,
    ChangeAction Action,
    IReadOnlyList<string> ChangedAttributes,
    string? ActionReason)
{
    public bool IsDestroy => Action is ChangeAction.Delete or ChangeAction.Replace;
}

/// <summary>One changing output. Values of sensitive outputs are never carried (both null, <see cref="Sensitive"/> true).</summary>
/// <param name="Before">The old value as JSON, null when absent or sensitive.</param>
/// <param name="After">The new value as JSON, null when absent, unknown until apply, or sensitive.</param>
public sealed record OutputChangeSummary(
    string Name,
    ChangeAction Action,
    bool Sensitive,
    string? Before,
    string? After,
    bool AfterUnknown);
