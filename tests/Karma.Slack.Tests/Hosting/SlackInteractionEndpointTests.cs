using System.Net;
using System.Text;
using Karma.Slack.Messages;
using Karma.Slack.Tests.Interactions;
using Karma.Slack.Tests.Support;

namespace Karma.Slack.Tests.Hosting;

public sealed class SlackInteractionEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_signed_click_is_acknowledged_then_processed()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        host.Gateway.Add(SampleViews.Payments(), "bob@example.com");

        using var response = await host.PostSignedAsync(SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(Ct));
        var update = Assert.Single(await host.Slack.WaitForAsync("chat.update"));
        Assert.Contains("Approved by *bob@example.com*", BlockText.All(update.Json["blocks"]), StringComparison.Ordinal);
        await host.Slack.WaitForAsync("chat.postEphemeral");
    }

    [Fact]
    public async Task The_acknowledgement_does_not_wait_for_the_decision()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        host.Gateway.Add(SampleViews.Payments(), "bob@example.com");
        host.Gateway.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var response = await host.PostSignedAsync(SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(host.Gateway.Gate.Task.IsCompleted);
        Assert.Empty(host.Slack.CallsTo("chat.update"));

        host.Gateway.Gate.SetResult();
        await host.Slack.WaitForAsync("chat.update");
        Assert.Single(host.Gateway.StateOf("chg-42").View.Approvals);
    }

    [Fact]
    public async Task A_bad_signature_is_refused_and_nothing_happens()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        host.Gateway.Add(SampleViews.Payments(), "bob@example.com");

        using var response = await host.PostSignedAsync(SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-42"), secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("BadSignature", await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(host.Gateway.Received);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        var original = Encoding.UTF8.GetBytes(SlackPayloads.Form(SlackPayloads.Click(HandlerFixture.Carol, ApprovalActionIds.Approve, "chg-42")));
        var timestamp = host.Clock.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Karma.Slack.Verification.SlackRequestVerifier.Sign(host.Options.SigningSecret!, timestamp, original);
        var forged = Encoding.UTF8.GetBytes(SlackPayloads.Form(SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-42")));

        using var response = await host.PostAsync(forged, timestamp, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_stale_timestamp_is_refused()
    {
        await using var host = await InteractionEndpointHost.StartAsync();

        using var response = await host.PostSignedAsync(
            SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-42"), signedAt: host.Clock.Now.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("StaleTimestamp", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_replayed_request_is_refused()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        host.Gateway.Add(SampleViews.Payments(approvalsRequired: 2), "bob@example.com", "carol@example.com");
        var body = Encoding.UTF8.GetBytes(SlackPayloads.Form(SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-42")));
        var timestamp = host.Clock.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Karma.Slack.Verification.SlackRequestVerifier.Sign(host.Options.SigningSecret!, timestamp, body);

        using var first = await host.PostAsync(body, timestamp, signature);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using var replay = await host.PostAsync(body, timestamp, signature);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("Replayed", await replay.Content.ReadAsStringAsync(Ct));
        await host.Slack.WaitForAsync("chat.postEphemeral");
        Assert.Single(host.Gateway.Received);
    }

    [Fact]
    public async Task Unsigned_requests_are_refused()
    {
        await using var host = await InteractionEndpointHost.StartAsync();

        using var response = await host.PostAsync(Encoding.UTF8.GetBytes("payload=%7B%7D"), null, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("MissingHeaders", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_signed_but_malformed_payload_is_a_bad_request_naming_the_problem()
    {
        await using var host = await InteractionEndpointHost.StartAsync();

        using var response = await host.PostSignedAsync("payload=%7B%22type%22%3A%22block_actions%22%7D");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no 'user'", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_anything_else()
    {
        await using var host = await InteractionEndpointHost.StartAsync();

        using var response = await host.PostSignedAsync("payload=" + new string('a', 70 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_reject_form_without_a_reason_is_answered_with_the_error_inline()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        host.Gateway.Add(SampleViews.Payments(), "carol@example.com");

        using var response = await host.PostSignedAsync(SlackPayloads.RejectSubmission(HandlerFixture.Carol, "chg-42", ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("errors", body["response_action"]!.GetValue<string>());
        Assert.Empty(host.Gateway.Received);
    }

    [Fact]
    public async Task A_reject_submission_over_http_rejects_the_change()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        host.Gateway.Add(SampleViews.Payments(), "carol@example.com");

        using var response = await host.PostSignedAsync(SlackPayloads.RejectSubmission(HandlerFixture.Carol, "chg-42", "needs a load test first"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = Assert.Single(await host.Slack.WaitForAsync("chat.update"));
        Assert.Contains("Rejected by *carol@example.com*", BlockText.All(update.Json["blocks"]), StringComparison.Ordinal);
        Assert.Equal(ApprovalOutcomeKind.Rejected, host.Gateway.StateOf("chg-42").Outcome!.Kind);
    }

    [Fact]
    public async Task A_slow_decision_does_not_hold_up_other_clicks()
    {
        await using var host = await InteractionEndpointHost.StartAsync();
        host.Gateway.Add(SampleViews.Payments("chg-slow"), "bob@example.com");
        host.Gateway.Add(SampleViews.Payments("chg-fast"), "bob@example.com");
        var hold = host.Gateway.Holds["chg-slow"] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var slow = await host.PostSignedAsync(SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-slow"));
        using var fast = await host.PostSignedAsync(SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-fast"));

        var first = Assert.Single(await host.Slack.WaitForAsync("chat.update"));
        Assert.Contains("chg-fast", first.Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        hold.SetResult();
        var both = await host.Slack.WaitForAsync("chat.update", 2);
        Assert.Contains("chg-slow", both[1].Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_the_endpoint_without_a_signing_secret_fails_at_startup_naming_the_setting()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        var options = new Karma.Slack.Configuration.SlackOptions { BotToken = "xoxb-x" };
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Karma.Slack.Interactions.IApprovalGateway>(
            builder.Services, new ApprovalRulesGateway(TimeProvider.System));
        Karma.Slack.Hosting.SlackServiceCollectionExtensions.AddKarmaSlack(builder.Services, options);
        await using var app = builder.Build();

        var error = Assert.Throws<Karma.Slack.Configuration.SlackConfigurationException>(() => Karma.Slack.Hosting.SlackInteractionEndpoint.MapSlackInteractions(app));

        Assert.Contains("SigningSecret (or SLACK_SIGNING_SECRET)", error.Message, StringComparison.Ordinal);
    }
}
