using System.Net;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Slack.Tests.Support;
using Karma.Testing;

namespace Karma.Api.Tests.Slack;

/// <summary>
/// Clicks the running worker host must refuse or explain, while a real change waits for approval (real terraform plan,
/// temporal-dev): forged and stale requests get 401; unknown users, the proposer and non-approvers get an ephemeral
/// "why" and change nothing; once the change has expired a click says so and the request shows it.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class SlackInboundTests(TemporalServerFixture temporal)
{
    private const string Approve = "karma_approve";
    private static readonly ComponentId Bucket = new("s3-bucket", "inbound");

    [Fact]
    public async Task Refused_clicks_change_nothing_and_a_click_after_expiry_is_told_so()
    {
        RequiredTool.Require("terraform", "to plan the example modules");
        await using var slack = await LocalSlackApi.StartAsync();
        await using var host = await SlackWorkerHost.StartAsync(temporal.Client, slack);
        await host.PublishedAsync(Bucket, """{"bucket_name":"karma-inbound"}""");

        // Long enough for the refusals below, short enough to see it expire.
        await host.ProposeAsync(Bucket, "c-inbound", """{"bucket_name":"karma-inbound-2"}""", TimeSpan.FromSeconds(12));
        var (request, record) = await host.WaitForRequestAsync(Bucket, "c-inbound", TimeSpan.FromSeconds(120));
        var value = SlackWorkerHost.ButtonValue(request)!;
        var bobClick = SlackWorkerHost.Click(SlackWorkerHost.Bob, Approve, value, record.Ts);

        // Forged: signed with another secret; stale: a correct signature over a timestamp 10 minutes old.
        using (var forged = await host.PostSignedAsync(bobClick, secret: "not-the-signing-secret"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var stale = await host.PostSignedAsync(bobClick, DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        }

        foreach (var user in new[] { SlackWorkerHost.Stranger, SlackWorkerHost.Alice, SlackWorkerHost.Dave })
        {
            using var response = await host.PostSignedAsync(SlackWorkerHost.Click(user, Approve, value, record.Ts));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await host.WaitForCallAsync("chat.postEphemeral", m => Says(m, SlackWorkerHost.Stranger, "is not mapped to a Karma identity"));
        await host.WaitForCallAsync("chat.postEphemeral", m => Says(m, SlackWorkerHost.Alice, "no self-approval"));
        await host.WaitForCallAsync("chat.postEphemeral", m => Says(m, SlackWorkerHost.Dave, "dave is not an approver"));
        var waiting = await host.Workflows.GetStatusAsync(host.Env, Bucket, "c-inbound");
        Assert.Equal(ChangeState.AwaitingApproval, waiting.State);
        Assert.Empty(waiting.Approvals);
        Assert.DoesNotContain(slack.CallsTo("chat.update"), c => c.Json["ts"]?.GetValue<string>() == record.Ts);

        // Nobody approved in time: the request shows it expired, and a late click is told so and changes nothing.
        var result = await host.Workflows.GetResultAsync(host.Env, Bucket, "c-inbound");
        Assert.Equal("expired", result.Status);
        await host.WaitForCallAsync("chat.update", m =>
            m["ts"]?.GetValue<string>() == record.Ts && SlackWorkerHost.Text(m).Contains("without enough approvals", StringComparison.Ordinal));
        using (var late = await host.PostSignedAsync(bobClick))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        }

        await host.WaitForCallAsync("chat.postEphemeral", m => Says(m, SlackWorkerHost.Bob, "has expired"));
        var expired = await host.Workflows.GetStatusAsync(host.Env, Bucket, "c-inbound");
        Assert.Equal(ChangeState.Expired, expired.State);
        Assert.Empty(expired.Approvals);
    }

    private static bool Says(System.Text.Json.Nodes.JsonObject message, string user, string text) =>
        message["user"]?.GetValue<string>() == user && SlackWorkerHost.Text(message).Contains(text, StringComparison.Ordinal);
}
