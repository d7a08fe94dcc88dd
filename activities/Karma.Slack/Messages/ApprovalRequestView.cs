namespace Karma.Slack.Messages;

/// <summary>
/// Everything an approval request shows. It holds no secret values: sensitive config lines carry only
/// their key (<see cref="ConfigDiffLine.Sensitive"/>), and <see cref="PlanSummaryView.FullPlanText"/> must be
/// the redacted rendering. <see cref="Karma.Core.Secrets.SecretRedactor"/> still scrubs free text as a second line of defence.
/// </summary>
public sealed record ApprovalRequestView(
    string ChangeId,
    string Component,
    string Environment,
    string ProposedBy,
    string Reason,
    IReadOnlyList<ConfigDiffLine> ConfigDiff,
    IReadOnlyList<string> DownstreamComponents,
    IReadOnlyList<RolloutWave> RolloutWaves,
    PlanSummaryView Plan,
    int ApprovalsRequired,
    IReadOnlyList<ApprovalVote> Approvals,
    DateTimeOffset ExpiresAt,
    Uri? TemporalUiUrl,
    string StatusCommand)
{
    public int ApprovalsStillNeeded => Math.Max(0, ApprovalsRequired - Approvals.Count);

    /// <summary>
    /// What the Approve / Reject buttons carry back (Slack's <c>value</c>, at most 2,000 characters): by default the
    /// change id; a lifecycle that needs more to address the change (environment, component) puts that here. Never a secret.
    /// </summary>
    public string? ActionValue { get; init; }

    /// <summary>The button value: <see cref="ActionValue"/> or, when unset, <see cref="ChangeId"/>.</summary>
    public string ButtonValue => string.IsNullOrWhiteSpace(ActionValue) ? ChangeId : ActionValue;
}

/// <summary>One approval already given.</summary>
public sealed record ApprovalVote(string Approver, DateTimeOffset At);

/// <summary>A wave of the rollout: components that move together, in order.</summary>
public sealed record RolloutWave(int Number, IReadOnlyList<string> Components);

/// <summary>How a config key changes.</summary>
public enum ConfigChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>
/// One line of the config diff. For a <see cref="Sensitive"/> line the values are never rendered, and
/// any value given is treated as a secret to scrub from everything else in the message.
/// </summary>
public sealed record ConfigDiffLine(string Key, ConfigChangeKind Kind, string? OldValue, string? NewValue, bool Sensitive = false)
{
    public override string ToString() =>
        Sensitive ? $"{Kind} {Key} (sensitive)" : $"{Kind} {Key}: {OldValue} → {NewValue}";
}

/// <summary>Terraform plan counts; <see cref="DestroyedAddresses"/> lists deleted and replaced resources.</summary>
public sealed record PlanSummaryView(
    int ToCreate,
    int ToUpdate,
    int ToReplace,
    int ToDelete,
    IReadOnlyList<string> DestroyedAddresses,
    string? FullPlanText = null)
{
    public bool HasDestroys => ToDelete > 0 || ToReplace > 0 || DestroyedAddresses.Count > 0;
}
