using Karma.Slack.Messages;
using Karma.Slack.Tests.Support;
using static Karma.Slack.Tests.Interactions.HandlerFixture;

namespace Karma.Slack.Tests.Interactions;

public sealed class ApproveClickTests
{
    [Fact]
    public async Task An_approvers_click_records_the_approval_and_replaces_the_buttons()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "bob@example.com", "carol@example.com");

        var ack = await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));

        Assert.Null(ack.Body);
        var (action, request) = Assert.Single(f.Gateway.Received);
        Assert.Equal(("approve", "chg-42", "bob@example.com", "slack"), (action, request.ChangeId, request.Approver, request.Source));
        var update = Assert.Single(f.Updates);
        Assert.Equal((SlackPayloads.Channel, SlackPayloads.MessageTs), (update["channel"]!.GetValue<string>(), update["ts"]!.GetValue<string>()));
        var message = AsMessage(update);
        Assert.Empty(BlockText.Buttons(message));
        Assert.Contains("Approved by *bob@example.com* at", BlockText.All(message), StringComparison.Ordinal);
        Assert.Contains("Your approval of `chg-42` is recorded.", Assert.Single(f.EphemeralsTo(Bob)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_two_approvals_needed_the_first_keeps_the_buttons_and_the_second_decides()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(approvalsRequired: 2), "bob@example.com", "carol@example.com");

        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));
        f.Clock.Advance(TimeSpan.FromMinutes(3));
        await f.InteractAsync(SlackPayloads.Click(Carol, ApprovalActionIds.Approve, "chg-42"));

        Assert.Equal(2, f.Updates.Count);
        var first = AsMessage(f.Updates[0]);
        Assert.Equal(2, BlockText.Buttons(first).Count);
        Assert.Contains("1 of 2 — *1 more needed*", BlockText.All(first), StringComparison.Ordinal);
        Assert.Contains("1 more approval needed", Assert.Single(f.EphemeralsTo(Bob)), StringComparison.Ordinal);
        var second = AsMessage(f.Updates[1]);
        Assert.Empty(BlockText.Buttons(second));
        Assert.Contains("Approved by *carol@example.com* at <!date^1795964580^", BlockText.All(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_slack_user_is_told_why_and_nothing_reaches_the_lifecycle()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "bob@example.com");

        await f.InteractAsync(SlackPayloads.Click(Eve, ApprovalActionIds.Approve, "chg-42"));

        Assert.Empty(f.Gateway.Received);
        Assert.Empty(f.Updates);
        Assert.Contains("your Slack account (U0EVE) is not mapped to a Karma identity in Karma:Slack:Users", Assert.Single(f.EphemeralsTo(Eve)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proposer_cannot_approve_their_own_change()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "alice@example.com", "bob@example.com");

        await f.InteractAsync(SlackPayloads.Click(Alice, ApprovalActionIds.Approve, "chg-42"));

        Assert.Empty(f.Updates);
        Assert.Empty(f.Gateway.StateOf("chg-42").View.Approvals);
        var told = Assert.Single(f.EphemeralsTo(Alice));
        Assert.Contains("not recorded", told, StringComparison.Ordinal);
        Assert.Contains("you proposed this change", told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_is_not_an_approver_changes_nothing()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "bob@example.com");

        await f.InteractAsync(SlackPayloads.Click(Dave, ApprovalActionIds.Approve, "chg-42"));

        Assert.Empty(f.Updates);
        Assert.Null(f.Gateway.StateOf("chg-42").Outcome);
        Assert.Contains("dave@example.com is not an approver for prod", Assert.Single(f.EphemeralsTo(Dave)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_click_is_harmless()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "bob@example.com");

        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));
        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));

        Assert.Single(f.Gateway.StateOf("chg-42").View.Approvals);
        Assert.Single(f.Updates);
        var told = f.EphemeralsTo(Bob);
        Assert.Equal(2, told.Count);
        Assert.Contains("already decided: approved by bob@example.com. Nothing changed.", told[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_click_before_the_decision_counts_once()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(approvalsRequired: 2), "bob@example.com", "carol@example.com");

        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));
        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));

        var state = f.Gateway.StateOf("chg-42");
        Assert.Single(state.View.Approvals);
        Assert.Null(state.Outcome);
        Assert.Single(f.Updates);
    }

    [Fact]
    public async Task Approving_after_expiry_is_refused_and_the_message_shows_the_expiry()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "bob@example.com");
        f.Clock.Advance(TimeSpan.FromHours(49));

        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42"));

        Assert.Empty(f.Gateway.StateOf("chg-42").View.Approvals);
        Assert.Contains("has expired", Assert.Single(f.EphemeralsTo(Bob)), StringComparison.Ordinal);
        var message = AsMessage(Assert.Single(f.Updates));
        Assert.Empty(BlockText.Buttons(message));
        Assert.Contains("Expired at", BlockText.All(message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_click_on_a_change_karma_does_not_know_says_so()
    {
        await using var f = await StartAsync();

        await f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-gone"));

        Assert.Empty(f.Updates);
        Assert.Contains("no change `chg-gone` waiting", Assert.Single(f.EphemeralsTo(Bob)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_email_resolution_a_user_outside_the_map_is_identified_by_profile_email()
    {
        await using var f = await StartAsync(o => o.ResolveUsersByEmail = true);
        f.Slack.Users["U0FRANK"] = new Karma.Slack.Api.SlackUser("U0FRANK", "frank", "Frank", "Frank@Example.com", false, false);
        f.Slack.Users["U0BOT"] = new Karma.Slack.Api.SlackUser("U0BOT", "ci", "CI bot", "ci@example.com", true, false);
        f.Gateway.Add(SampleViews.Payments(), "frank@example.com", "ci@example.com");

        await f.InteractAsync(SlackPayloads.Click("U0BOT", ApprovalActionIds.Approve, "chg-42"));
        await f.InteractAsync(SlackPayloads.Click("U0FRANK", ApprovalActionIds.Approve, "chg-42"));

        var (_, request) = Assert.Single(f.Gateway.Received);
        Assert.Equal("frank@example.com", request.Approver);
        Assert.Contains("bots and deactivated accounts cannot approve", Assert.Single(f.EphemeralsTo("U0BOT")), StringComparison.Ordinal);
        Assert.Equal(2, f.Slack.CallsTo("users.info").Count);
    }

    [Fact]
    public async Task When_the_lifecycle_is_unreachable_the_user_hears_nothing_was_recorded()
    {
        await using var f = await StartAsync();
        f.Gateway.Add(SampleViews.Payments(), "bob@example.com");
        f.Gateway.Unavailable = new TimeoutException("temporal frontend unavailable");

        await Assert.ThrowsAsync<TimeoutException>(() => f.InteractAsync(SlackPayloads.Click(Bob, ApprovalActionIds.Approve, "chg-42")));

        Assert.Empty(f.Updates);
        Assert.Contains("could not record your decision", Assert.Single(f.EphemeralsTo(Bob)), StringComparison.Ordinal);
    }
}
