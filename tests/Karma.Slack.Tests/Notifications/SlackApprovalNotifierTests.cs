using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Karma.Slack.Messages;
using Karma.Slack.Notifications;
using Karma.Slack.Tests.Support;

namespace Karma.Slack.Tests.Notifications;

public sealed class SlackApprovalNotifierTests
{
    private static readonly DateTimeOffset At = SampleViews.Now.AddMinutes(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(LocalSlackApi Slack, SlackApprovalNotifier Notifier)> StartAsync()
    {
        var slack = await LocalSlackApi.StartAsync();
        var options = slack.Options();
        options.Channels["prod"] = "C0PROD";
        return (slack, new SlackApprovalNotifier(slack.Client(options, delays: []), options));
    }

    [Fact]
    public async Task The_request_goes_to_the_environments_channel_with_long_details_in_its_thread()
    {
        var (slack, notifier) = await StartAsync();
        await using var _ = slack;
        using var __ = notifier;
        var view = SampleViews.Payments() with { Plan = SampleViews.Payments().Plan with { FullPlanText = "Terraform will perform the following actions:\n  # aws_ssm_parameter.x will be updated" } };

        var posted = await notifier.RequestApprovalAsync(view, Ct);

        var calls = slack.CallsTo("chat.postMessage");
        Assert.Equal(2, calls.Count);
        Assert.Equal("C0PROD", calls[0].Json["channel"]!.GetValue<string>());
        Assert.Null(calls[0].Json["thread_ts"]);
        Assert.Equal(posted.Ts, calls[1].Json["thread_ts"]!.GetValue<string>());
        Assert.Contains("aws_ssm_parameter.x will be updated", BlockText.All(calls[1].Json["blocks"]), StringComparison.Ordinal);
        Assert.DoesNotContain("aws_ssm_parameter.x will be updated", BlockText.All(calls[0].Json["blocks"]), StringComparison.Ordinal);
        Assert.Equal(new SlackMessageRef("C0PROD", posted.Ts), posted);
    }

    [Fact]
    public async Task An_environment_without_a_channel_is_a_configuration_error_and_nothing_is_posted()
    {
        var (slack, notifier) = await StartAsync();
        await using var _ = slack;
        using var __ = notifier;

        var error = await Assert.ThrowsAsync<SlackConfigurationException>(() =>
            notifier.RequestApprovalAsync(SampleViews.Payments() with { Environment = "staging" }, Ct));

        Assert.Contains("staging", error.Message, StringComparison.Ordinal);
        Assert.Empty(slack.Calls);
    }

    [Fact]
    public async Task State_updates_apply_in_version_order_and_a_stale_one_is_skipped()
    {
        var (slack, notifier) = await StartAsync();
        await using var _ = slack;
        using var __ = notifier;
        var message = new SlackMessageRef("C0PROD", "1700000000.000001");
        var view = SampleViews.Payments(approvalsRequired: 2);
        var partial = new ApprovalState(view with { Approvals = [new ApprovalVote("bob", At)] }, null, 2);
        var decided = new ApprovalState(view with { Approvals = [new ApprovalVote("bob", At), new ApprovalVote("carol", At)] },
            new ApprovalOutcome(ApprovalOutcomeKind.Approved, "carol", At), 3);

        await notifier.ShowStateAsync(message, decided, Ct);
        await notifier.ShowStateAsync(message, partial, Ct);

        var update = Assert.Single(slack.CallsTo("chat.update")).Json;
        Assert.Equal("1700000000.000001", update["ts"]!.GetValue<string>());
        Assert.Contains("Approved by *carol* at", BlockText.All(update["blocks"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_update_is_tried_again_on_the_next_state()
    {
        var (slack, notifier) = await StartAsync();
        await using var _ = slack;
        using var __ = notifier;
        var message = new SlackMessageRef("C0PROD", "1700000000.000001");
        var state = new ApprovalState(SampleViews.Payments(), new ApprovalOutcome(ApprovalOutcomeKind.Expired, null, At), 2);
        slack.Script("chat.update", ScriptedResponse.NotOk("message_not_found"));

        await Assert.ThrowsAsync<SlackApiException>(() => notifier.ShowStateAsync(message, state, Ct));
        await notifier.ShowStateAsync(message, state, Ct);

        Assert.Equal(2, slack.CallsTo("chat.update").Count);
    }

    [Fact]
    public async Task Progress_is_threaded_and_failures_are_also_shown_in_the_channel()
    {
        var (slack, notifier) = await StartAsync();
        await using var _ = slack;
        using var __ = notifier;
        var message = new SlackMessageRef("C0PROD", "1700000000.000001");

        await notifier.PostProgressAsync(message, SampleViews.Payments(), new ProgressUpdate(ProgressKind.Applying, At), Ct);
        await notifier.PostProgressAsync(message, SampleViews.Payments(), new ProgressUpdate(ProgressKind.WaveStarted, At, null, new RolloutWave(2, ["checkout"])), Ct);
        await notifier.PostProgressAsync(message, SampleViews.Payments(), new ProgressUpdate(ProgressKind.Failed, At, "apply timed out"), Ct);

        var calls = slack.CallsTo("chat.postMessage");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal("1700000000.000001", c.Json["thread_ts"]!.GetValue<string>()));
        Assert.Null(calls[0].Json["reply_broadcast"]);
        Assert.Contains("Wave 2 (`checkout`) started", BlockText.All(calls[1].Json["blocks"]), StringComparison.Ordinal);
        Assert.True(calls[2].Json["reply_broadcast"]!.GetValue<bool>());
        Assert.Contains("apply timed out", calls[2].Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_is_threaded_and_broadcast()
    {
        var (slack, notifier) = await StartAsync();
        await using var _ = slack;
        using var __ = notifier;

        await notifier.RemindAsync(new SlackMessageRef("C0PROD", "1700000000.000001"), SampleViews.Payments(), Ct);

        var call = Assert.Single(slack.CallsTo("chat.postMessage")).Json;
        Assert.True(call["reply_broadcast"]!.GetValue<bool>());
        Assert.StartsWith("Reminder: chg-42 expires", call["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
