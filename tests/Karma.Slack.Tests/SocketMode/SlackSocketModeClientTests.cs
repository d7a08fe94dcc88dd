using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Karma.Slack.Interactions;
using Karma.Slack.Messages;
using Karma.Slack.SocketMode;
using Karma.Slack.Tests.Support;
using static Karma.Slack.Tests.SocketMode.SocketModeServer;

namespace Karma.Slack.Tests.SocketMode;

public sealed class SlackSocketModeClientTests
{
    private readonly ConcurrentQueue<TimeSpan> delays = new();

    private SocketModeOptions Options => SocketModeOptions.Default with
    {
        Delay = (d, _) =>
        {
            delays.Enqueue(d);
            return Task.CompletedTask;
        },
    };

    [Fact]
    public async Task Envelopes_are_acked_and_a_disconnect_reconnects_with_a_fresh_url()
    {
        var acks = new ConcurrentQueue<(int Connection, JsonObject Ack)>();
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (n, ws) =>
        {
            await SendAsync(ws, Hello());
            await SendFragmentedAsync(ws, Envelope($"env-{n}", "interactive", SlackPayloads.Click("U0BOB", ApprovalActionIds.Approve, $"chg-{n}")));
            acks.Enqueue((n, await ReceiveAsync(ws)));
            if (n == 1)
            {
                await SendAsync(ws, Disconnect());
                await DrainUntilClosedAsync(ws);
                return;
            }

            secondDone.TrySetResult();
            await DrainUntilClosedAsync(ws);
        });
        var inbox = new SlackInteractionInbox(10);
        var client = new SlackSocketModeClient(server.Slack.Client(), new SocketModeInteractionDispatcher(inbox), Options);
        using var stop = new CancellationTokenSource();

        var run = client.RunAsync(stop.Token);
        await secondDone.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([(1, "env-1"), (2, "env-2")], acks.Select(a => (a.Connection, a.Ack["envelope_id"]!.GetValue<string>())));
        Assert.All(acks, a => Assert.Null(a.Ack["payload"]));
        Assert.Equal(2, server.Slack.CallsTo("apps.connections.open").Count);
        Assert.All(server.Slack.CallsTo("apps.connections.open"), c => Assert.Equal("Bearer " + LocalSlackApi.AppToken, c.Authorization));
        Assert.Equal(2, client.ConnectionsOpened);
        Assert.Empty(delays);
        var queued = new List<string?>();
        while (inbox.Reader.TryRead(out var interaction))
        {
            queued.Add(((BlockActionInteraction)interaction).Value);
        }

        Assert.Equal(["chg-1", "chg-2"], queued);
    }

    [Fact]
    public async Task A_dropped_socket_reconnects_with_backoff_that_resets_after_hello()
    {
        var connected = new ConcurrentQueue<int>();
        var thirdUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (n, ws) =>
        {
            connected.Enqueue(n);
            await SendAsync(ws, Hello());

            // The ack proves the client read the hello before the drop.
            await SendAsync(ws, Envelope($"env-{n}", "events_api", new JsonObject()));
            await ReceiveAsync(ws);
            if (n < 3)
            {
                // Leaving without a close handshake: the client sees the connection drop.
                ws.Abort();
                return;
            }

            thirdUp.TrySetResult();
            await DrainUntilClosedAsync(ws);
        });
        var client = new SlackSocketModeClient(server.Slack.Client(), new SocketModeInteractionDispatcher(new SlackInteractionInbox(10)), Options);
        using var stop = new CancellationTokenSource();

        var run = client.RunAsync(stop.Token);
        await thirdUp.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([1, 2, 3], connected);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], delays);
    }

    [Fact]
    public async Task Failing_to_get_a_url_backs_off_exponentially_until_slack_answers()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (_, ws) =>
        {
            await SendAsync(ws, Hello());
            await SendAsync(ws, Envelope("env-1", "events_api", new JsonObject()));
            await ReceiveAsync(ws);
            up.TrySetResult();
            await DrainUntilClosedAsync(ws);
        });
        server.Slack.Script("apps.connections.open", ScriptedResponse.NotOk("invalid_auth"), ScriptedResponse.NotOk("invalid_auth"), ScriptedResponse.NotOk("invalid_auth"));
        var client = new SlackSocketModeClient(server.Slack.Client(), new SocketModeInteractionDispatcher(new SlackInteractionInbox(10)), Options);
        using var stop = new CancellationTokenSource();

        var run = client.RunAsync(stop.Token);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], delays);
        Assert.Equal(1, client.ConnectionsOpened);
    }

    [Fact]
    public async Task A_modal_error_travels_back_in_the_ack_payload_and_other_envelopes_get_a_bare_ack()
    {
        var acks = new ConcurrentQueue<JsonObject>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (_, ws) =>
        {
            await SendAsync(ws, Hello());
            await SendAsync(ws, Envelope("env-modal", "interactive", SlackPayloads.RejectSubmission("U0CAROL", "chg-1", "  "), acceptsResponsePayload: true));
            acks.Enqueue(await ReceiveAsync(ws));
            await SendAsync(ws, Envelope("env-event", "events_api", new JsonObject { ["type"] = "event_callback" }));
            acks.Enqueue(await ReceiveAsync(ws));
            done.TrySetResult();
            await DrainUntilClosedAsync(ws);
        });
        var inbox = new SlackInteractionInbox(10);
        var client = new SlackSocketModeClient(server.Slack.Client(), new SocketModeInteractionDispatcher(inbox), Options);
        using var stop = new CancellationTokenSource();

        var run = client.RunAsync(stop.Token);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var modalAck = acks.First();
        Assert.Equal("env-modal", modalAck["envelope_id"]!.GetValue<string>());
        Assert.Equal("errors", modalAck["payload"]!["response_action"]!.GetValue<string>());
        Assert.Equal(new JsonObject { ["envelope_id"] = "env-event" }.ToJsonString(), acks.Last().ToJsonString());
        Assert.False(inbox.Reader.TryRead(out _));
    }

    private static async Task DrainUntilClosedAsync(WebSocket ws)
    {
        var buffer = new byte[1024];
        try
        {
            while (ws.State == WebSocketState.Open)
            {
                var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (WebSocketException)
        {
            // The client went away without a handshake (cancelled): nothing more to read.
        }
    }
}
