using Karma.Core.Lifecycle;
using Karma.Slack.Interactions;
using Karma.Workflows;

namespace Karma.Worker.Slack;

/// <summary>
/// Slack decisions go to the change workflow's approve / reject Updates, whose validators apply the environment's
/// approval policy (approvers, no self-approval, allowed sources). A refusal is reported with the workflow's reason;
/// a click on a decided, expired or vanished change, or a second click by the same approver, changes nothing.
/// </summary>
public sealed class WorkflowApprovalGateway(KarmaWorkflowClient workflows, ChangeApprovalStates states) : IApprovalGateway
{
    public Task<ApprovalGatewayResult> ApproveAsync(ApprovalDecisionRequest request, CancellationToken cancellationToken) =>
        DecideAsync(request, approve: true, cancellationToken);

    public Task<ApprovalGatewayResult> RejectAsync(ApprovalDecisionRequest request, CancellationToken cancellationToken) =>
        DecideAsync(request, approve: false, cancellationToken);

    private async Task<ApprovalGatewayResult> DecideAsync(ApprovalDecisionRequest request, bool approve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SlackChangeReference.TryParse(request.ChangeId) is not { } change)
        {
            return ApprovalGatewayResult.NotFound();
        }

        var vote = new ApprovalVote(change.ChangeId, request.Approver, ChangeSource.Slack, request.Comment);
        string? refusal;
        try
        {
            if (approve)
            {
                await workflows.ApproveAsync(change.Environment, change.Component, vote);
            }
            else
            {
                await workflows.RejectAsync(change.Environment, change.Component, vote);
            }

            var accepted = await states.ReadAsync(change, cancellationToken);
            return ApprovalGatewayResult.Accepted(accepted?.State);
        }
        catch (ApprovalRefusedException e)
        {
            refusal = e.Message;
        }
        catch (ChangeEndedException e)
        {
            // Too late: the change's state (rejected, applied, …) tells the clicker what happened.
            refusal = e.Message;
        }
        catch (ChangeNotFoundException)
        {
            refusal = null;
        }

        return await ExplainRefusalAsync(change, request.Approver, approve, refusal, cancellationToken);
    }

    /// <summary>Tells a harmless click (repeat, too late) from a refused one by looking at the change as it is now.</summary>
    private async Task<ApprovalGatewayResult> ExplainRefusalAsync(
        SlackChangeReference change, string approver, bool approve, string? refusal, CancellationToken cancellationToken)
    {
        var snapshot = await states.ReadAsync(change, cancellationToken);
        if (snapshot is null)
        {
            return ApprovalGatewayResult.NotFound();
        }

        var status = snapshot.Status;
        if (status.State == ChangeState.Expired)
        {
            return ApprovalGatewayResult.Expired(snapshot.State);
        }

        if (approve && status.Approvals.Any(a => string.Equals(a.User.Trim(), approver.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            // The same approver clicked again (or two clicks raced): their approval stands, nothing else happens.
            return status.State == ChangeState.AwaitingApproval
                ? ApprovalGatewayResult.Accepted(snapshot.State)
                : ApprovalGatewayResult.AlreadyDecided($"it is {status.State.ToWire()}", snapshot.State);
        }

        if (snapshot.State.Outcome is not null)
        {
            return ApprovalGatewayResult.AlreadyDecided($"it is {status.State.ToWire()}", snapshot.State);
        }

        return ApprovalGatewayResult.Refused(refusal ?? $"the change is {status.State.ToWire()}, not awaiting approval");
    }
}
