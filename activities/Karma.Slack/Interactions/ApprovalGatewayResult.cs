using Karma.Slack.Messages;

namespace Karma.Slack.Interactions;

/// <summary>What the lifecycle made of a decision.</summary>
public enum ApprovalGatewayStatus
{
    /// <summary>Recorded (a repeat of the same approval is also Accepted: clicking twice is harmless).</summary>
    Accepted,

    /// <summary>Not allowed (not an approver, the proposer, …); <see cref="ApprovalGatewayResult.Reason"/> says why.</summary>
    Refused,

    AlreadyDecided,
    Expired,
    NotFound,
}

/// <summary>
/// The gateway's answer. <see cref="State"/>, when given, is what the request message should show now
/// (the handler re-renders it, so a stale message heals on the next click).
/// </summary>
public sealed record ApprovalGatewayResult(ApprovalGatewayStatus Status, string? Reason = null, ApprovalState? State = null)
{
    public static ApprovalGatewayResult Accepted(ApprovalState? state) => new(ApprovalGatewayStatus.Accepted, null, state);

    public static ApprovalGatewayResult Refused(string reason) => new(ApprovalGatewayStatus.Refused, reason);

    public static ApprovalGatewayResult AlreadyDecided(string? reason, ApprovalState? state = null) =>
        new(ApprovalGatewayStatus.AlreadyDecided, reason, state);

    public static ApprovalGatewayResult Expired(ApprovalState? state = null) => new(ApprovalGatewayStatus.Expired, null, state);

    public static ApprovalGatewayResult NotFound() => new(ApprovalGatewayStatus.NotFound);
}
