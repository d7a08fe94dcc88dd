namespace Karma.Slack.Messages;

/// <summary>How an approval request ended.</summary>
public enum ApprovalOutcomeKind
{
    Approved,
    Rejected,
    Expired,
    Superseded,

    /// <summary>Withdrawn or cancelled before a decision; <see cref="ApprovalOutcome.Detail"/> says why.</summary>
    Cancelled,
}

/// <summary>
/// The final state of a request. <see cref="By"/> is the approver / rejecter (null for Expired);
/// <see cref="Detail"/> is the rejection reason or the superseding change id.
/// </summary>
public sealed record ApprovalOutcome(ApprovalOutcomeKind Kind, string? By, DateTimeOffset At, string? Detail = null);

/// <summary>
/// What the request message should show now. <see cref="Version"/> grows with every change of state
/// (the lifecycle owns it), so an older state never overwrites a newer one.
/// </summary>
public sealed record ApprovalState(ApprovalRequestView View, ApprovalOutcome? Outcome, long Version);
