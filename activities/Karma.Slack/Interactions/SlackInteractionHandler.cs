using Karma.Slack.Api;
using Karma.Slack.Logging;
using Karma.Slack.Messages;
using Karma.Slack.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Slack.Interactions;

/// <summary>
/// Turns clicks into decisions. <see cref="Acknowledge"/> is the quick, synchronous part answered within
/// Slack's 3 s; <see cref="ProcessAsync"/> does the slow part afterwards: resolve the identity, ask the
/// <see cref="IApprovalGateway"/>, tell the clicker what happened (ephemeral) and re-render the request.
/// A refused or repeated click changes nothing.
/// </summary>
public sealed class SlackInteractionHandler
{
    public const string Source = "slack";

    private readonly SlackClient slack;
    private readonly IApprovalGateway gateway;
    private readonly SlackIdentityResolver identities;
    private readonly IApprovalNotifier notifier;
    private readonly ILogger logger;

    public SlackInteractionHandler(
        SlackClient slack,
        IApprovalGateway gateway,
        SlackIdentityResolver identities,
        IApprovalNotifier notifier,
        ILogger<SlackInteractionHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(slack);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(notifier);
        this.slack = slack;
        this.gateway = gateway;
        this.identities = identities;
        this.notifier = notifier;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>No I/O: decides the immediate answer and whether there is work to queue.</summary>
    public static SlackAck Acknowledge(SlackInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        switch (interaction)
        {
            case BlockActionInteraction click when IsKarmaAction(click.ActionId) && !string.IsNullOrWhiteSpace(click.Value):
                return SlackAck.Queue;
            case ViewSubmissionInteraction submission when submission.CallbackId == ApprovalActionIds.RejectModalCallback:
                if (RejectModalMetadata.TryParse(submission.PrivateMetadata) is null)
                {
                    return SlackAck.ViewErrors(ApprovalActionIds.RejectReasonBlock, "This form no longer refers to a change; close it and click Reject again.");
                }

                return string.IsNullOrWhiteSpace(RejectReason(submission))
                    ? SlackAck.ViewErrors(ApprovalActionIds.RejectReasonBlock, "Please say why you are rejecting this change.")
                    : SlackAck.Queue;
            default:
                return SlackAck.Ignore;
        }
    }

    /// <summary>The work after the acknowledgement. Slack API failures propagate (the caller logs them).</summary>
    public async Task ProcessAsync(SlackInteraction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        switch (interaction)
        {
            case BlockActionInteraction { ActionId: ApprovalActionIds.Approve } click when click.Value is not null:
                await ApproveAsync(click, click.Value, cancellationToken);
                break;
            case BlockActionInteraction { ActionId: ApprovalActionIds.Reject } click when click.Value is not null:
                await OpenRejectModalAsync(click, click.Value, cancellationToken);
                break;
            case ViewSubmissionInteraction submission when submission.CallbackId == ApprovalActionIds.RejectModalCallback:
                await RejectAsync(submission, cancellationToken);
                break;
            default:
                break;
        }
    }

    private async Task ApproveAsync(BlockActionInteraction click, string changeId, CancellationToken cancellationToken)
    {
        var where = new ClickOrigin(click.UserId, click.ChannelId, MessageOf(click.ChannelId, click.MessageTs));
        var identity = await IdentityOrExplainAsync(where, "approve", changeId, cancellationToken);
        if (identity is null)
        {
            return;
        }

        var result = await DecideAsync(where, changeId, () => gateway.ApproveAsync(new ApprovalDecisionRequest(changeId, identity, Source, null), cancellationToken), cancellationToken);
        SlackLog.Decision(logger, click.UserId, identity, "approve", changeId, result.Status.ToString());
        await ReportAsync(where, "approval", changeId, result, cancellationToken);
    }

    private async Task OpenRejectModalAsync(BlockActionInteraction click, string changeId, CancellationToken cancellationToken)
    {
        var where = new ClickOrigin(click.UserId, click.ChannelId, MessageOf(click.ChannelId, click.MessageTs));

        // Unknown users learn that now, not after typing a reason.
        if (await IdentityOrExplainAsync(where, "reject", changeId, cancellationToken) is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(click.TriggerId))
        {
            throw new SlackPayloadException("The reject click has no 'trigger_id', so no reason form can be opened.");
        }

        try
        {
            await slack.OpenViewAsync(click.TriggerId, ApprovalMessageBuilder.BuildRejectModal(changeId, where.Message), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error == "expired_trigger_id")
        {
            // Slack allows 3 s between the click and views.open; a busy moment can miss it.
            await TellAsync(where, $":hourglass: The reject form for {SlackText.Code(changeId)} could not open in time. Please click Reject again.", cancellationToken);
        }
    }

    private async Task RejectAsync(ViewSubmissionInteraction submission, CancellationToken cancellationToken)
    {
        var metadata = RejectModalMetadata.TryParse(submission.PrivateMetadata)
            ?? throw new SlackPayloadException("The reject form's private_metadata does not name a change.");
        var where = new ClickOrigin(submission.UserId, metadata.Channel, MessageOf(metadata.Channel, metadata.MessageTs));
        var identity = await IdentityOrExplainAsync(where, "reject", metadata.ChangeId, cancellationToken);
        if (identity is null)
        {
            return;
        }

        var reason = RejectReason(submission)?.Trim();
        var result = await DecideAsync(where, metadata.ChangeId, () => gateway.RejectAsync(new ApprovalDecisionRequest(metadata.ChangeId, identity, Source, reason), cancellationToken), cancellationToken);
        SlackLog.Decision(logger, submission.UserId, identity, "reject", metadata.ChangeId, result.Status.ToString());
        await ReportAsync(where, "rejection", metadata.ChangeId, result, cancellationToken);
    }

    /// <summary>Asks the gateway; if it fails, the clicker hears that nothing was recorded before the error propagates to the log.</summary>
    private async Task<ApprovalGatewayResult> DecideAsync(ClickOrigin where, string changeId, Func<Task<ApprovalGatewayResult>> decide, CancellationToken cancellationToken)
    {
        try
        {
            return await decide();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await TellAsync(where, $":warning: Karma could not record your decision on {SlackText.Code(changeId)} right now; nothing changed. Please try again in a minute.", cancellationToken);
            throw;
        }
    }

    private async Task<string?> IdentityOrExplainAsync(ClickOrigin where, string action, string changeId, CancellationToken cancellationToken)
    {
        var resolution = await identities.ResolveAsync(where.UserId, cancellationToken);
        if (resolution.Identity is not null)
        {
            return resolution.Identity;
        }

        SlackLog.UnknownUser(logger, where.UserId, action, changeId);
        await TellAsync(where, $":no_entry_sign: You can't {action} {SlackText.Code(changeId)} from Slack: {SlackText.Escape(resolution.Reason ?? "unknown user")}. Nothing changed.", cancellationToken);
        return null;
    }

    private async Task ReportAsync(ClickOrigin where, string noun, string changeId, ApprovalGatewayResult result, CancellationToken cancellationToken)
    {
        var change = SlackText.Code(changeId);
        var reason = result.Reason is null ? string.Empty : ": " + SlackText.Escape(result.Reason);
        var text = result.Status switch
        {
            ApprovalGatewayStatus.Accepted => AcceptedText(noun, change, result.State),
            ApprovalGatewayStatus.Refused => $":no_entry_sign: Your {noun} of {change} was not recorded{reason}. Nothing changed.",
            ApprovalGatewayStatus.AlreadyDecided => $":information_source: {change} was already decided{reason}. Nothing changed.",
            ApprovalGatewayStatus.Expired => $":hourglass: {change} has expired; it can no longer be approved or rejected. Nothing changed.",
            ApprovalGatewayStatus.NotFound => $":grey_question: Karma has no change {change} waiting for a decision. Nothing changed.",
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "Unknown gateway status."),
        };

        // Refusals leave the message alone; everything else shows the lifecycle's current state,
        // which also repairs a message that missed an earlier update.
        if (result.Status != ApprovalGatewayStatus.Refused && result.State is not null && where.Message is not null)
        {
            await notifier.ShowStateAsync(where.Message, result.State, cancellationToken);
        }

        await TellAsync(where, text, cancellationToken);
    }

    private static string AcceptedText(string noun, string change, ApprovalState? state)
    {
        if (noun == "rejection")
        {
            return $":no_entry: You rejected {change}.";
        }

        if (state is null || state.Outcome is not null || state.View.ApprovalsStillNeeded == 0)
        {
            return $":white_check_mark: Your approval of {change} is recorded.";
        }

        var needed = state.View.ApprovalsStillNeeded;
        return $":white_check_mark: Your approval of {change} is recorded; {needed} more approval{(needed == 1 ? string.Empty : "s")} needed.";
    }

    private async Task TellAsync(ClickOrigin where, string mrkdwn, CancellationToken cancellationToken)
    {
        // A modal submitted from nowhere (no channel) has no place for an ephemeral message.
        if (where.ChannelId is null)
        {
            return;
        }

        await slack.PostEphemeralAsync(where.ChannelId, where.UserId, ApprovalMessageBuilder.Plain(mrkdwn), cancellationToken);
    }

    private static bool IsKarmaAction(string actionId) =>
        actionId is ApprovalActionIds.Approve or ApprovalActionIds.Reject;

    private static string? RejectReason(ViewSubmissionInteraction submission) =>
        submission.Inputs.TryGetValue(ApprovalActionIds.RejectReasonBlock, out var reason) ? reason : null;

    private static SlackMessageRef? MessageOf(string? channel, string? ts) =>
        channel is null || ts is null ? null : new SlackMessageRef(channel, ts);

    private sealed record ClickOrigin(string UserId, string? ChannelId, SlackMessageRef? Message);
}
