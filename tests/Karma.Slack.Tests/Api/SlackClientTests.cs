using System.Text.Json.Nodes;
using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Karma.Slack.Tests.Support;

namespace Karma.Slack.Tests.Api;

public sealed class SlackClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostMessage_sends_json_with_the_bot_token_and_returns_where_it_landed()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        var client = slack.Client();
        var blocks = new JsonArray(new JsonObject { ["type"] = "divider" });

        var posted = await client.PostMessageAsync("C123", new SlackMessage("hello", blocks), Ct);

        var call = Assert.Single(slack.CallsTo("chat.postMessage"));
        Assert.Equal("Bearer " + LocalSlackApi.BotToken, call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Equal("C123", call.Json["channel"]!.GetValue<string>());
        Assert.Equal("hello", call.Json["text"]!.GetValue<string>());
        Assert.Equal("divider", call.Json["blocks"]![0]!["type"]!.GetValue<string>());
        Assert.Null(call.Json["thread_ts"]);
        Assert.Equal("C123", posted.Channel);
        Assert.StartsWith("1700000000.", posted.Ts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thread_reply_carries_thread_ts_and_broadcast_only_when_asked()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        var client = slack.Client();
        var parent = new SlackMessageRef("C9", "1700000000.000001");

        await client.PostReplyAsync(parent, new SlackMessage("quiet"), broadcast: false, Ct);
        await client.PostReplyAsync(parent, new SlackMessage("loud"), broadcast: true, Ct);

        var calls = slack.CallsTo("chat.postMessage");
        Assert.All(calls, c => Assert.Equal("1700000000.000001", c.Json["thread_ts"]!.GetValue<string>()));
        Assert.Null(calls[0].Json["reply_broadcast"]);
        Assert.True(calls[1].Json["reply_broadcast"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Update_and_ephemeral_address_the_message_and_the_user()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        var client = slack.Client();

        var updated = await client.UpdateMessageAsync(new SlackMessageRef("C1", "1.2"), new SlackMessage("new text"), Ct);
        await client.PostEphemeralAsync("C1", "U7", new SlackMessage("only you"), Ct);

        var update = Assert.Single(slack.CallsTo("chat.update")).Json;
        Assert.Equal(("C1", "1.2", "new text"), (update["channel"]!.GetValue<string>(), update["ts"]!.GetValue<string>(), update["text"]!.GetValue<string>()));
        Assert.Equal(new SlackMessageRef("C1", "1.2"), updated);
        var ephemeral = Assert.Single(slack.CallsTo("chat.postEphemeral")).Json;
        Assert.Equal("U7", ephemeral["user"]!.GetValue<string>());
        Assert.Equal("C1", ephemeral["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task UsersInfo_is_form_encoded_and_reads_the_profile_email()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Users["U1"] = new SlackUser("U1", "bob", "Bob Builder", "Bob@Example.com", false, false);

        var user = await slack.Client().GetUserAsync("U1", Ct);

        var call = Assert.Single(slack.CallsTo("users.info"));
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType, StringComparison.Ordinal);
        Assert.Equal("U1", call.Form["user"]);
        Assert.Equal(new SlackUser("U1", "bob", "Bob Builder", "Bob@Example.com", false, false), user);
    }

    [Fact]
    public async Task Ok_false_becomes_an_exception_naming_slacks_error_and_never_the_token()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Script("chat.postMessage", ScriptedResponse.NotOk("channel_not_found"));
        var logger = new CapturingLogger<SlackClient>();

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            slack.Client(logger: logger).PostMessageAsync("C404", new SlackMessage("x"), Ct));

        Assert.Equal("channel_not_found", error.Error);
        Assert.Equal("chat.postMessage", error.Method);
        Assert.Contains("channel_not_found", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalSlackApi.BotToken, error.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(logger.Lines);
        Assert.All(logger.Lines, l => Assert.DoesNotContain(LocalSlackApi.BotToken, l, StringComparison.Ordinal));
        Assert.Single(slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Http_429_waits_the_retry_after_slack_asked_for_then_succeeds()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Script("chat.postMessage", ScriptedResponse.RateLimited("7"), ScriptedResponse.RateLimited("2"));
        var delays = new List<TimeSpan>();

        var posted = await slack.Client(delays: delays).PostMessageAsync("C1", new SlackMessage("x"), Ct);

        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2)], delays);
        Assert.Equal(3, slack.CallsTo("chat.postMessage").Count);
        Assert.Equal("C1", posted.Channel);
    }

    [Fact]
    public async Task Http_429_asking_for_longer_than_the_bound_fails_without_waiting()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Script("chat.update", ScriptedResponse.RateLimited("3600"));
        var delays = new List<TimeSpan>();

        var error = await Assert.ThrowsAsync<SlackRateLimitedException>(() =>
            slack.Client(delays: delays).UpdateMessageAsync(new SlackMessageRef("C1", "1.1"), new SlackMessage("x"), Ct));

        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Empty(delays);
        Assert.Equal(429, error.HttpStatus);
    }

    [Fact]
    public async Task Transient_5xx_are_retried_with_growing_backoff()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Script("chat.postMessage", ScriptedResponse.ServerError(503), ScriptedResponse.ServerError(500), ScriptedResponse.ServerError(502));
        var delays = new List<TimeSpan>();

        await slack.Client(delays: delays).PostMessageAsync("C1", new SlackMessage("x"), Ct);

        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], delays);
        Assert.Equal(4, slack.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task Persistent_5xx_gives_up_after_the_attempt_limit()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Script("chat.postMessage", Enumerable.Repeat(ScriptedResponse.ServerError(503), 10).ToArray());

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            slack.Client(delays: []).PostMessageAsync("C1", new SlackMessage("x"), Ct));

        Assert.Equal(503, error.HttpStatus);
        Assert.StartsWith("http_503", error.Error, StringComparison.Ordinal);
        Assert.Equal(SlackRetryPolicy.Default.MaxAttempts, slack.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.Script("chat.postMessage", new ScriptedResponse(404, "not found"));

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            slack.Client(delays: []).PostMessageAsync("C1", new SlackMessage("x"), Ct));

        Assert.Equal("http_404", error.Error);
        Assert.Single(slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task An_unreachable_api_is_retried_then_reported_without_the_token()
    {
        var options = new SlackOptions { BotToken = LocalSlackApi.BotToken, ApiBaseUrl = new Uri("http://127.0.0.1:1/api/") };
        var delays = new List<TimeSpan>();
        var client = new SlackClient(new HttpClient(), options, SlackRetryPolicy.Default with { Delay = (d, _) => { delays.Add(d); return Task.CompletedTask; } });

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.PostMessageAsync("C1", new SlackMessage("x"), Ct));

        Assert.StartsWith("unreachable", error.Error, StringComparison.Ordinal);
        Assert.Equal(SlackRetryPolicy.Default.MaxAttempts - 1, delays.Count);
        Assert.DoesNotContain(LocalSlackApi.BotToken, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_token_names_the_setting()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        var options = slack.Options();
        options.BotToken = null;

        var error = await Assert.ThrowsAsync<SlackConfigurationException>(() =>
            slack.Client(options).PostMessageAsync("C1", new SlackMessage("x"), Ct));

        Assert.Contains("Karma:Slack:BotToken (or SLACK_BOT_TOKEN)", error.Message, StringComparison.Ordinal);
        Assert.Empty(slack.Calls);
    }

    [Fact]
    public async Task Socket_mode_connections_are_opened_with_the_app_token()
    {
        await using var slack = await LocalSlackApi.StartAsync();
        slack.SocketUrl = _ => "wss://wss-primary.slack.com/link/?ticket=abc";

        var url = await slack.Client().OpenSocketModeConnectionAsync(Ct);

        Assert.Equal(new Uri("wss://wss-primary.slack.com/link/?ticket=abc"), url);
        Assert.Equal("Bearer " + LocalSlackApi.AppToken, Assert.Single(slack.CallsTo("apps.connections.open")).Authorization);
    }

    [Fact]
    public async Task ViewsOpen_sends_the_trigger_and_the_view()
    {
        await using var slack = await LocalSlackApi.StartAsync();

        var id = await slack.Client().OpenViewAsync("trig-1", new JsonObject { ["type"] = "modal" }, Ct);

        var call = Assert.Single(slack.CallsTo("views.open")).Json;
        Assert.Equal("trig-1", call["trigger_id"]!.GetValue<string>());
        Assert.Equal("modal", call["view"]!["type"]!.GetValue<string>());
        Assert.StartsWith("V0", id, StringComparison.Ordinal);
    }
}
