using Karma.Workflows;
using Temporalio.Exceptions;

namespace Karma.Worker.Slack;

/// <summary>A change as Slack sees it now: its status, the request posted for it (if any) and the state to show.</summary>
public sealed record ChangeApprovalSnapshot(ChangeStatus Status, SlackRequestRecord? Request, Karma.Slack.Messages.ApprovalState State);

/// <summary>Reads a change's current approval state: the workflow's status query over the stored request view.</summary>
public sealed class ChangeApprovalStates(KarmaWorkflowClient workflows, SlackRequestStore store, ApprovalViews views)
{
    /// <summary>The snapshot, or null when Temporal knows no such change.</summary>
    public async Task<ChangeApprovalSnapshot?> ReadAsync(SlackChangeReference change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ChangeStatus status;
        try
        {
            status = await workflows.GetStatusAsync(change.Environment, change.Component, change.ChangeId);
        }
        catch (ChangeNotFoundException)
        {
            return null;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }

        var request = await store.FindAsync(change, cancellationToken);

        // Without a stored request (posted by another worker's home, or lost) the status alone still renders it.
        var view = request?.View ?? views.Request(change, status, ChangeContext.Empty);
        return new ChangeApprovalSnapshot(status, request, ApprovalViews.State(view, status));
    }
}
