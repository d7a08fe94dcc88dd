using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Karma.Slack.Messages;
using Karma.Slack.Notifications;
using Karma.Workflows;
using Temporalio.Exceptions;

namespace Karma.Worker.Slack;

/// <summary>
/// Keeps Slack in step with a change's lifecycle: posts the approval request when a change needs approval, replaces
/// its buttons with the decision ("Approved by X at T", rejected, expired, superseded by a new plan, cancelled), and
/// threads reminders and progress (applying, verified, failed with the reason, rollout waves) under it. The request's
/// location is kept in <see cref="SlackRequestStore"/>, so a restarted worker still updates the right message.
/// </summary>
public sealed class SlackChangeNotifier(
    IApprovalNotifier slack,
    SlackRequestStore store,
    ChangeContextReader contexts,
    ApprovalViews views,
    ChangeApprovalStates states,
    KarmaWorkflowClient workflows,
    ILogger<SlackChangeNotifier> logger) : IChangeNotifier
{
    public async Task NotifyAsync(ChangeNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!ComponentId.TryParse(notification.Component, out var component))
        {
            return;
        }

        var change = new SlackChangeReference(notification.Environment, component, notification.ChangeId);
        try
        {
            await DispatchAsync(notification, change, cancellationToken);
        }
        catch (Exception e) when (IsDeliveryFailure(e, cancellationToken))
        {
            // Slack is a courtesy channel: an outage or a misconfigured channel must not fail the change (the
            // notification activity failing would). The log notifier still records it, and the next reminder re-posts.
            SlackApprovalsLog.DeliveryFailed(logger, notification.Kind, change.Value, e);
        }
    }

    private Task DispatchAsync(ChangeNotification notification, SlackChangeReference change, CancellationToken cancellationToken) =>
        notification.Kind switch
        {
            ChangeNotificationKind.ApprovalNeeded when notification.WorkflowId == change.Value => RequestAsync(change, cancellationToken),
            ChangeNotificationKind.ApprovalNeeded => RolloutApprovalAsync(change, notification, cancellationToken),
            ChangeNotificationKind.ApprovalReminder => RemindAsync(change, cancellationToken),
            ChangeNotificationKind.Approved => DecidedAsync(change, new ProgressUpdate(ProgressKind.Applying, DateTimeOffset.UtcNow), cancellationToken),
            ChangeNotificationKind.Rejected or ChangeNotificationKind.Expired => DecidedAsync(change, null, cancellationToken),
            ChangeNotificationKind.Applied => FinishedAsync(change, ProgressKind.Verified, notification.Text, cancellationToken),
            ChangeNotificationKind.Failed => FinishedAsync(change, ProgressKind.Failed, notification.Text, cancellationToken),
            _ => Task.CompletedTask,
        };

    /// <summary>Posts the request; a retried notification for the same plan posts nothing, a new plan supersedes the old request.</summary>
    private async Task RequestAsync(SlackChangeReference change, CancellationToken cancellationToken)
    {
        var snapshot = await states.ReadAsync(change, cancellationToken);
        if (snapshot is not { Status: { State: ChangeState.AwaitingApproval, Plan: { } plan } status })
        {
            return;
        }

        var previous = snapshot.Request;
        if (previous?.PlanFingerprint == plan.Fingerprint)
        {
            return;
        }

        if (previous is not null)
        {
            var superseded = new ApprovalOutcome(ApprovalOutcomeKind.Superseded, null, DateTimeOffset.UtcNow, $"re-plan of {change.ChangeId}");
            await slack.ShowStateAsync(previous.Message, new ApprovalState(previous.View, superseded, status.Timeline.Count), cancellationToken);
        }

        var view = views.Request(change, status, await contexts.ReadAsync(change, plan.PlanRef, cancellationToken));
        var posted = await slack.RequestApprovalAsync(view, cancellationToken);
        await store.SaveAsync(new SlackRequestRecord(change.Value, posted.Channel, posted.Ts, plan.Fingerprint, WithoutSecrets(view)), cancellationToken);
        SlackApprovalsLog.RequestPosted(logger, change.Value, posted.Channel, posted.Ts);
    }

    private async Task RemindAsync(SlackChangeReference change, CancellationToken cancellationToken)
    {
        var snapshot = await states.ReadAsync(change, cancellationToken);
        if (snapshot?.Request is not { } request)
        {
            // The request never made it to Slack (an outage when it was due): post it now instead.
            await RequestAsync(change, cancellationToken);
            return;
        }

        await slack.RemindAsync(request.Message, snapshot.State.View, cancellationToken);
    }

    private async Task DecidedAsync(SlackChangeReference change, ProgressUpdate? next, CancellationToken cancellationToken)
    {
        var snapshot = await states.ReadAsync(change, cancellationToken);
        if (snapshot?.Request is not { } request)
        {
            return;
        }

        await slack.ShowStateAsync(request.Message, snapshot.State, cancellationToken);
        if (next is not null)
        {
            await slack.PostProgressAsync(request.Message, snapshot.State.View, next, cancellationToken);
        }
    }

    private async Task FinishedAsync(SlackChangeReference change, ProgressKind kind, string detail, CancellationToken cancellationToken)
    {
        var snapshot = await states.ReadAsync(change, cancellationToken);
        if (snapshot?.Request is not { } request)
        {
            return;
        }

        // A change that ended before a decision (cancelled, failed while waiting) closes its buttons too.
        await slack.ShowStateAsync(request.Message, snapshot.State, cancellationToken);
        var view = snapshot.State.View;
        foreach (var wave in await RolloutWavesAsync(change))
        {
            await slack.PostProgressAsync(request.Message, view, wave, cancellationToken);
        }

        await slack.PostProgressAsync(request.Message, view, new ProgressUpdate(kind, DateTimeOffset.UtcNow, detail), cancellationToken);
    }

    /// <summary>
    /// A rollout wave awaiting approval is threaded under the change that caused it. Rollout approvals are not
    /// buttons yet: they are given where the rollout workflow's approve Update is exposed.
    /// </summary>
    private async Task RolloutApprovalAsync(SlackChangeReference change, ChangeNotification notification, CancellationToken cancellationToken)
    {
        var request = await store.FindAsync(change, cancellationToken);
        if (request is null)
        {
            return;
        }

        var rollout = await TryRolloutAsync(change);
        var wave = rollout?.Waves.LastOrDefault(w => w.State == "planned");
        var update = new ProgressUpdate(ProgressKind.WaveStarted, DateTimeOffset.UtcNow, notification.Text,
            wave is null ? null : new RolloutWave(wave.Number, wave.Planned));
        await slack.PostProgressAsync(request.Message, request.View, update, cancellationToken);
    }

    private async Task<IReadOnlyList<ProgressUpdate>> RolloutWavesAsync(SlackChangeReference change)
    {
        var rollout = await TryRolloutAsync(change);
        if (rollout is null)
        {
            return [];
        }

        return rollout.Waves
            .Where(w => w.State is "applied" or "failed")
            .Select(w => w.State == "applied"
                ? new ProgressUpdate(ProgressKind.WaveCompleted, DateTimeOffset.UtcNow, null, new RolloutWave(w.Number, w.Planned))
                : new ProgressUpdate(ProgressKind.Failed, DateTimeOffset.UtcNow, $"rollout wave {w.Number} failed", new RolloutWave(w.Number, w.Planned)))
            .ToList();
    }

    private async Task<RolloutStatus?> TryRolloutAsync(SlackChangeReference change)
    {
        try
        {
            return await workflows.GetRolloutStatusAsync(change.Environment, change.Component, change.ChangeId);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The view as stored on disk: sensitive diff values dropped and the free-text reason already scrubbed.</summary>
    private static ApprovalRequestView WithoutSecrets(ApprovalRequestView view)
    {
        var redactor = SlackSecrets.For(view);
        return view with
        {
            Reason = redactor.RedactText(view.Reason),
            ConfigDiff = view.ConfigDiff.Select(l => l.Sensitive ? l with { OldValue = null, NewValue = null } : l).ToList(),
            // Only the first post threads the plan; re-renders of the request show its main message alone.
            Plan = view.Plan with { FullPlanText = null },
        };
    }

    private static bool IsDeliveryFailure(Exception e, CancellationToken cancellationToken) =>
        e is SlackApiException or SlackConfigurationException or SecretLeakException or HttpRequestException or IOException
            or System.Text.Json.JsonException or RpcException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
