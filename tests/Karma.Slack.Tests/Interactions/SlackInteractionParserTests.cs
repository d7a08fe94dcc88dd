using Karma.Slack.Interactions;
using Karma.Slack.Messages;
using Karma.Slack.Tests.Support;

namespace Karma.Slack.Tests.Interactions;

public sealed class SlackInteractionParserTests
{
    [Fact]
    public void A_button_click_form_becomes_a_block_action()
    {
        var parsed = SlackInteractionParser.ParseForm(SlackPayloads.Form(SlackPayloads.Click("U1", ApprovalActionIds.Approve, "chg-1")));

        var click = Assert.IsType<BlockActionInteraction>(parsed);
        Assert.Equal(("U1", "u1", ApprovalActionIds.Approve, "chg-1"), (click.UserId, click.UserName, click.ActionId, click.Value));
        Assert.Equal((SlackPayloads.Channel, SlackPayloads.MessageTs), (click.ChannelId, click.MessageTs));
        Assert.NotNull(click.TriggerId);
    }

    [Fact]
    public void A_modal_submission_exposes_its_inputs_by_block()
    {
        var parsed = SlackInteractionParser.ParseForm(SlackPayloads.Form(SlackPayloads.RejectSubmission("U2", "chg-9", "too risky")));

        var submission = Assert.IsType<ViewSubmissionInteraction>(parsed);
        Assert.Equal(ApprovalActionIds.RejectModalCallback, submission.CallbackId);
        Assert.Equal("too risky", submission.Inputs[ApprovalActionIds.RejectReasonBlock]);
        Assert.Equal("chg-9", RejectModalMetadata.TryParse(submission.PrivateMetadata)!.ChangeId);
    }

    [Fact]
    public void Other_types_are_recognised_but_not_interpreted()
    {
        var parsed = SlackInteractionParser.ParseForm(SlackPayloads.Form(new() { ["type"] = "shortcut", ["user"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "U3" } }));

        Assert.Equal(new OtherInteraction("shortcut", "U3"), parsed);
    }

    [Theory]
    [InlineData("", "no 'payload'")]
    [InlineData("token=abc", "no 'payload'")]
    [InlineData("payload=%7Bnot-json", "not JSON")]
    [InlineData("payload=%5B1%5D", "not a JSON object")]
    [InlineData("payload=%7B%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D", "'payload.type'")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%7D", "no 'user'")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D", "no 'actions'")]
    public void Malformed_bodies_say_what_is_wrong(string body, string expected)
    {
        var error = Assert.Throws<SlackPayloadException>(() => SlackInteractionParser.ParseForm(body));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
