using Karma.Slack.Interactions;
using Karma.Slack.Messages;
using Karma.Slack.Tests.Support;
using static Karma.Slack.Tests.Interactions.HandlerFixture;

namespace Karma.Slack.Tests.Interactions;

public sealed class RejectFlowTests
{
    [Fact]
    public async Task Reject_opens_a_modal_asking_why_and_decides_nothing_yet()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "carol@example.com");

        await f.InteractAsync(SlackPayloads.Click(Carol, ApprovalActionIds.Reject, "chg-42", triggerId: "trigger-77"));

        var open = Assert.Single(f.Slack.CallsTo("views.open")).Json;
        Assert.Equal("trigger-77", open["trigger_id"]!.GetValue<string>());
        Assert.Equal(ApprovalActionIds.RejectModalCallback, open["view"]!["callback_id"]!.GetValue<string>());
        Assert.Equal(new RejectModalMetadata("chg-42", SlackPayloads.Channel, SlackPayloads.MessageTs),
            RejectModalMetadata.TryParse(open["view"]!["private_metadata"]!.GetValue<string>()));
        Assert.Empty(f.Gateway.Received);
        Assert.Empty(f.Updates);
    }

    [Fact]
    public async Task Submitting_the_reason_rejects_and_shows_who_and_why()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "carol@example.com");

        var ack = await f.InteractAsync(SlackPayloads.RejectSubmission(Carol, "chg-42", "  not during the freeze  "));

        Assert.Null(ack.Body);
        var (action, request) = Assert.Single(f.Gateway.Received);
        Assert.Equal(("reject", "carol@example.com", "not during the freeze"), (action, request.Approver, request.Comment));
        var message = AsMessage(Assert.Single(f.Updates));
        Assert.Empty(BlockText.Buttons(message));
        Assert.Contains("Rejected by *carol@example.com* at", BlockText.All(message), StringComparison.Ordinal);
        Assert.Contains(": not during the freeze", BlockText.All(message), StringComparison.Ordinal);
        Assert.Contains("You rejected `chg-42`", Assert.Single(f.EphemeralsTo(Carol)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task An_empty_reason_keeps_the_modal_open_with_an_error(string? reason)
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "carol@example.com");

        var ack = await f.InteractAsync(SlackPayloads.RejectSubmission(Carol, "chg-42", reason));

        Assert.False(ack.HasWork);
        Assert.Equal("errors", ack.Body!["response_action"]!.GetValue<string>());
        Assert.Contains("say why", ack.Body["errors"]![ApprovalActionIds.RejectReasonBlock]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(f.Gateway.Received);
    }

    [Fact]
    public async Task An_unknown_user_gets_no_modal()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "carol@example.com");

        await f.InteractAsync(SlackPayloads.Click(Eve, ApprovalActionIds.Reject, "chg-42"));

        Assert.Empty(f.Slack.CallsTo("views.open"));
        Assert.Contains("can't reject", Assert.Single(f.EphemeralsTo(Eve)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proposer_cannot_reject_through_the_modal_either_and_the_message_stays()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "carol@example.com");

        await f.InteractAsync(SlackPayloads.RejectSubmission(Alice, "chg-42", "changed my mind"));

        Assert.Null(f.Gateway.StateOf("chg-42").Outcome);
        Assert.Empty(f.Updates);
        Assert.Contains("you proposed this change", Assert.Single(f.EphemeralsTo(Alice)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_an_approved_change_is_harmless()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "bob@example.com", "carol@example.com");
        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));

        await f.InteractAsync(SlackPayloads.RejectSubmission(Carol, "chg-42", "too late?"));

        Assert.Equal(ApprovalOutcomeKind.Approved, f.Gateway.StateOf("chg-42").Outcome!.Kind);
        Assert.Single(f.Updates);
        Assert.Contains("already decided: approved by bob@example.com", Assert.Single(f.EphemeralsTo(Carol)), StringComparison.Ordinal);
    }

    [Fact]
    public void Clicks_that_are_not_karmas_are_acknowledged_and_ignored()
    {
        var other = new BlockActionInteraction("U1", null, "some_other_button", "x", "C1", "1.1", "t");
        var noValue = new BlockActionInteraction("U1", null, ApprovalActionIds.Approve, null, "C1", "1.1", "t");

        Assert.Equal(SlackAck.Ignore, SlackInteractionHandler.Acknowledge(other));
        Assert.Equal(SlackAck.Ignore, SlackInteractionHandler.Acknowledge(noValue));
        Assert.Equal(SlackAck.Ignore, SlackInteractionHandler.Acknowledge(new OtherInteraction("shortcut", "U1")));
    }

    [Fact]
    public async Task An_expired_trigger_asks_the_user_to_click_again()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "carol@example.com");
        f.Slack.Script("views.open", ScriptedResponse.NotOk("expired_trigger_id"));

        await f.InteractAsync(SlackPayloads.Click(Carol, ApprovalActionIds.Reject, "chg-42"));

        Assert.Contains("click Reject again", Assert.Single(f.EphemeralsTo(Carol)), StringComparison.Ordinal);
        Assert.Empty(f.Gateway.Received);
    }
}
