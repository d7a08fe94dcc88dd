using Karma.Core.Lifecycle;
using Karma.Slack.Messages;
using Karma.Worker.Slack;
using Karma.Workflows;

namespace Karma.Api.Tests.Slack;

/// <summary>How a change's status query becomes what the Slack request shows.</summary>
public sealed class ApprovalViewsTests
{
    private static readonly DateTime At = new(2026, 11, 29, 15, 4, 0, DateTimeKind.Utc);

    [Fact]
    public void A_waiting_change_is_open_until_its_approvals_are_complete()
    {
        Assert.Null(ApprovalViews.Outcome(Status(ChangeState.AwaitingApproval, required: 2, approvers: ["bob"])));

        var outcome = ApprovalViews.Outcome(Status(ChangeState.AwaitingApproval, required: 2, approvers: ["bob", "carol"]));

        Assert.Equal(new ApprovalOutcome(ApprovalOutcomeKind.Approved, "bob, carol", new DateTimeOffset(At)), outcome);
    }

    [Fact]
    public void A_rejection_names_who_and_why_from_the_workflow_note()
    {
        var outcome = ApprovalViews.Outcome(Status(ChangeState.Rejected, note: "rejected by carol: not during the freeze: really"));

        Assert.Equal((ApprovalOutcomeKind.Rejected, "carol", "not during the freeze: really"), (outcome!.Kind, outcome.By, outcome.Detail));
    }

    [Theory]
    [InlineData(ChangeState.Expired, ApprovalOutcomeKind.Expired)]
    [InlineData(ChangeState.Cancelled, ApprovalOutcomeKind.Cancelled)]
    [InlineData(ChangeState.Failed, ApprovalOutcomeKind.Cancelled)]
    public void A_change_that_ended_without_approvals_closes_the_request(ChangeState state, ApprovalOutcomeKind expected) =>
        Assert.Equal(expected, ApprovalViews.Outcome(Status(state, note: "the change was cancelled"))!.Kind);

    [Fact]
    public void The_state_version_grows_with_the_timeline_and_the_view_carries_the_change_address()
    {
        var change = new SlackChangeReference("prod", new Karma.Core.Model.ComponentId("s3-bucket", "assets"), "c-1");
        var views = new ApprovalViews(new Uri("http://temporal.example/"), "default");
        var waiting = Status(ChangeState.AwaitingApproval, required: 2, approvers: ["bob"]);

        var view = views.Request(change, waiting, ChangeContext.Empty);
        var later = ApprovalViews.State(view, waiting with { Timeline = [.. waiting.Timeline, new TimelineEntry(At, ChangeState.AwaitingApproval, "approved by carol via slack")] });

        Assert.Equal(change.Value, view.ButtonValue);
        Assert.Equal(new Uri("http://temporal.example/namespaces/default/workflows/karma%2Fprod%2Fs3-bucket%2Fassets%2Fc-1"), view.TemporalUiUrl);
        Assert.Equal("karma status c-1", view.StatusCommand);
        Assert.True(later.Version > ApprovalViews.State(view, waiting).Version);
        Assert.Equal(1, later.View.ApprovalsStillNeeded);
    }

    private static ChangeStatus Status(ChangeState state, int required = 1, string[]? approvers = null, string? note = null) => new(
        "c-1",
        "s3-bucket/assets",
        "prod",
        state,
        "alice",
        "because",
        [new TimelineEntry(At, ChangeState.AwaitingApproval, null), new TimelineEntry(At, state, note)],
        new PlanView("1 to add, 0 to change, 0 to destroy", 1, 0, 0, [], "fp", "/plans/p"),
        (approvers ?? []).Select(a => new RecordedApproval(a, ChangeSource.Slack, new DateTimeOffset(At), "fp", null)).ToList(),
        required,
        At.AddHours(1),
        0,
        [],
        null);
}
