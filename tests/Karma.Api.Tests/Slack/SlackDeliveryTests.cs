using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Slack.Tests.SocketMode;
using Karma.Slack.Tests.Support;
using Karma.Testing;
using Karma.Workflows;

namespace Karma.Api.Tests.Slack;

/// <summary>How clicks and requests travel when the worker is configured differently: Socket Mode instead of the HTTP endpoint, and Slack refusing to post.</summary>
[Collection(TemporalServerGroup.Name)]
public sealed class SlackDeliveryTests(TemporalServerFixture temporal)
{
    [Fact]
    public async Task With_an_app_token_instead_of_a_signing_secret_a_click_arrives_over_socket_mode_and_approves()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        var envelopes = Channel.CreateUnbounded<JsonObject>();
        var acks = Channel.CreateUnbounded<string>();
        await using var server = await SocketModeServer.StartAsync(async (_, ws) =>
        {
            await SocketModeServer.SendAsync(ws, SocketModeServer.Hello());
            try
            {
                await foreach (var envelope in envelopes.Reader.ReadAllAsync())
                {
                    await SocketModeServer.SendAsync(ws, envelope);
                    await acks.Writer.WriteAsync((await SocketModeServer.ReceiveAsync(ws))["envelope_id"]!.GetValue<string>());
                }
            }
            catch (WebSocketException)
            {
                // The worker stopped without a close handshake.
            }
        });
        await using var host = await SlackWorkerHost.StartAsync(temporal.Client, server.Slack, socketMode: true);
        var bucket = new ComponentId("s3-bucket", "socket");
        await host.PublishedAsync(bucket, """{"bucket_name":"karma-socket"}""");
        await host.ProposeAsync(bucket, "c-socket", """{"bucket_name":"karma-socket-2"}""", TimeSpan.FromMinutes(10));
        var (request, record) = await host.WaitForRequestAsync(bucket, "c-socket", TimeSpan.FromSeconds(120));

        // No signing secret: the HTTP endpoint is not served at all.
        using (var http = await host.PostSignedAsync("payload=%7B%7D"))
        {
            Assert.NotEqual(HttpStatusCode.OK, http.StatusCode);
        }

        var click = SlackPayloads.Click(SlackWorkerHost.Bob, "karma_approve", SlackWorkerHost.ButtonValue(request)!);
        click["container"]!["message_ts"] = record.Ts;
        click["container"]!["channel_id"] = SlackWorkerHost.Channel;
        await envelopes.Writer.WriteAsync(SocketModeServer.Envelope("env-approve", "interactive", click), TestContext.Current.CancellationToken);

        Assert.Equal("env-approve", await acks.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal("applied", (await host.Workflows.GetResultAsync(host.Env, bucket, "c-socket")).Status);
        await host.WaitForCallAsync("chat.update", m =>
            m["ts"]?.GetValue<string>() == record.Ts && SlackWorkerHost.Text(m).Contains("Approved by *bob* at", StringComparison.Ordinal));
        envelopes.Writer.Complete();
    }

    [Fact]
    public async Task Slack_refusing_to_post_does_not_stop_the_change_and_the_next_reminder_posts_the_request()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Script("chat.postMessage", ScriptedResponse.NotOk("channel_not_found"));
        await using var host = await SlackWorkerHost.StartAsync(temporal.Client, slack);
        var bucket = new ComponentId("s3-bucket", "unposted");
        await host.PublishedAsync(bucket, """{"bucket_name":"karma-unposted"}""");

        await host.ProposeAsync(bucket, "c-unposted", """{"bucket_name":"karma-unposted-2"}""", TimeSpan.FromMinutes(10), reminderInterval: TimeSpan.FromSeconds(2));
        await slack.WaitForAsync("chat.postMessage", 1, TimeSpan.FromSeconds(120));
        var waiting = await WaitForStateAsync(host, bucket, "c-unposted", ChangeState.AwaitingApproval);
        Assert.Empty(waiting.Warnings);

        // The refused post failed nothing; the reminder finds no request in Slack and posts it.
        var (_, record) = await host.WaitForRequestAsync(bucket, "c-unposted", TimeSpan.FromSeconds(30));
        await host.Workflows.ApproveAsync(host.Env, bucket, new ApprovalVote("c-unposted", "bob", ChangeSource.Cli));

        Assert.Equal("applied", (await host.Workflows.GetResultAsync(host.Env, bucket, "c-unposted")).Status);
        await host.WaitForCallAsync("chat.update", m =>
            m["ts"]?.GetValue<string>() == record.Ts && SlackWorkerHost.Text(m).Contains("Approved by *bob* at", StringComparison.Ordinal));
    }

    private static async Task<ChangeStatus> WaitForStateAsync(SlackWorkerHost host, ComponentId component, string changeId, ChangeState state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = await host.Workflows.GetStatusAsync(host.Env, component, changeId);
            if (status.State == state || DateTime.UtcNow > deadline)
            {
                Assert.Equal(state, status.State);
                return status;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
