using Karma.Slack.Api;
using Karma.Slack.Messages;

namespace Karma.Slack.Notifications;

/// <summary>
/// What the change lifecycle calls to keep Slack in step with a change. The lifecycle keeps the returned
/// <see cref="SlackMessageRef"/> in its (durable) state and passes it back; nothing here needs to survive a restart.
/// </summary>
public interface IApprovalNotifier
{
    /// <summary>Posts the request (buttons included) to the environment's channel; long details go in its thread.</summary>
    Task<SlackMessageRef> RequestApprovalAsync(ApprovalRequestView view, CancellationToken cancellationToken);

    /// <summary>Re-renders the request: approvals so far while pending, "Approved by X at T" (etc.) once decided.</summary>
    Task ShowStateAsync(SlackMessageRef message, ApprovalState state, CancellationToken cancellationToken);

    /// <summary>Threads a progress step (applying, verified, failed, waves) under the request.</summary>
    Task PostProgressAsync(SlackMessageRef message, ApprovalRequestView view, ProgressUpdate update, CancellationToken cancellationToken);

    /// <summary>Threads a reminder that the request expires soon, also shown in the channel.</summary>
    Task RemindAsync(SlackMessageRef message, ApprovalRequestView view, CancellationToken cancellationToken);
}
