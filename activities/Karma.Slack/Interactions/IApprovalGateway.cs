namespace Karma.Slack.Interactions;

/// <summary>
/// Where a Slack decision goes: the change lifecycle (a Temporal workflow Update) decides whether it
/// counts. The gateway owns the rules (who may approve, no self-approval, expiry, idempotency); the Slack
/// side only reports what it answers.
/// </summary>
public interface IApprovalGateway
{
    Task<ApprovalGatewayResult> ApproveAsync(ApprovalDecisionRequest request, CancellationToken cancellationToken);

    Task<ApprovalGatewayResult> RejectAsync(ApprovalDecisionRequest request, CancellationToken cancellationToken);
}

/// <summary>A decision by <paramref name="Approver"/> (a Karma identity, not a Slack id) from <paramref name="Source"/> ("slack").</summary>
public sealed record ApprovalDecisionRequest(string ChangeId, string Approver, string Source, string? Comment);
