using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Slack.Configuration;
using Karma.Slack.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Slack.Api;

/// <summary>
/// A small Slack Web API client on <see cref="HttpClient"/>. Every response's <c>ok</c> is checked
/// (<c>ok:false</c> → <see cref="SlackApiException"/> naming Slack's error), 429 waits Retry-After, 5xx and
/// connection failures are retried with backoff. Tokens go only into the Authorization header: never into
/// logs, exception messages or URLs.
/// </summary>
public class SlackClient
{
    private readonly HttpClient http;
    private readonly SlackOptions options;
    private readonly SlackRetryPolicy retry;
    private readonly ILogger logger;

    public SlackClient(HttpClient http, SlackOptions options, SlackRetryPolicy? retry = null, ILogger<SlackClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.options = options;
        this.retry = retry ?? SlackRetryPolicy.Default;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>chat.postMessage to <paramref name="channel"/>; returns where it landed.</summary>
    public Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken) =>
        PostAsync(channel, message, threadTs: null, broadcast: false, cancellationToken);

    /// <summary>chat.postMessage as a thread reply under <paramref name="parent"/>; <paramref name="broadcast"/> also shows it in the channel.</summary>
    public Task<SlackMessageRef> PostReplyAsync(SlackMessageRef parent, SlackMessage message, bool broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return PostAsync(parent.Channel, message, parent.Ts, broadcast, cancellationToken);
    }

    /// <summary>chat.update: replaces text and blocks of an existing message.</summary>
    public async Task<SlackMessageRef> UpdateMessageAsync(SlackMessageRef target, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var body = MessageBody(target.Channel, message);
        body["ts"] = target.Ts;
        var response = await CallAsync("chat.update", body, SlackTokenKind.Bot, cancellationToken);
        return new SlackMessageRef(ReadString(response, "channel") ?? target.Channel, ReadString(response, "ts") ?? target.Ts);
    }

    /// <summary>chat.postEphemeral: visible only to <paramref name="userId"/> in <paramref name="channel"/>.</summary>
    public async Task PostEphemeralAsync(string channel, string userId, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var body = MessageBody(channel, message);
        body["user"] = userId;
        await CallAsync("chat.postEphemeral", body, SlackTokenKind.Bot, cancellationToken);
    }

    /// <summary>users.info for one user id.</summary>
    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        // users.info is a read method: Slack documents form-encoded arguments for it, not JSON.
        var response = await CallAsync("users.info", new Dictionary<string, string> { ["user"] = userId }, SlackTokenKind.Bot, cancellationToken);
        var user = response["user"] as JsonObject
            ?? throw new SlackApiException("users.info", "response has no 'user' object");
        var profile = user["profile"] as JsonObject;
        return new SlackUser(
            ReadString(user, "id") ?? userId,
            ReadString(user, "name"),
            ReadString(user, "real_name") ?? (profile is null ? null : ReadString(profile, "real_name")),
            profile is null ? null : ReadString(profile, "email"),
            user["is_bot"]?.GetValueKind() == JsonValueKind.True,
            user["deleted"]?.GetValueKind() == JsonValueKind.True);
    }

    /// <summary>views.open: shows a modal in answer to a click (<paramref name="triggerId"/> is valid for 3 s); returns the view id.</summary>
    public async Task<string> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(triggerId);
        ArgumentNullException.ThrowIfNull(view);
        var body = new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() };
        var response = await CallAsync("views.open", body, SlackTokenKind.Bot, cancellationToken);
        return (response["view"] as JsonObject) is { } opened ? ReadString(opened, "id") ?? string.Empty : string.Empty;
    }

    /// <summary>apps.connections.open with the app-level token: a fresh Socket Mode WebSocket URL.</summary>
    public async Task<Uri> OpenSocketModeConnectionAsync(CancellationToken cancellationToken)
    {
        var response = await CallAsync("apps.connections.open", new Dictionary<string, string>(), SlackTokenKind.App, cancellationToken);
        var url = ReadString(response, "url");
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "wss" || uri.Scheme == "ws")
            ? uri
            : throw new SlackApiException("apps.connections.open", "response has no WebSocket 'url'");
    }

    /// <summary>Calls any Web API method with a JSON body (write methods) and returns the checked response.</summary>
    public Task<JsonObject> CallAsync(string method, JsonObject body, SlackTokenKind token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var json = body.ToJsonString();
        return SendWithRetriesAsync(method, token, () => new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);
    }

    /// <summary>Calls any Web API method with form-encoded arguments (read methods) and returns the checked response.</summary>
    public Task<JsonObject> CallAsync(string method, IReadOnlyDictionary<string, string> arguments, SlackTokenKind token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var pairs = arguments.ToList();
        return SendWithRetriesAsync(method, token, () => new FormUrlEncodedContent(pairs), cancellationToken);
    }

    private async Task<SlackMessageRef> PostAsync(string channel, SlackMessage message, string? threadTs, bool broadcast, CancellationToken cancellationToken)
    {
        var body = MessageBody(channel, message);
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
            if (broadcast)
            {
                body["reply_broadcast"] = true;
            }
        }

        var response = await CallAsync("chat.postMessage", body, SlackTokenKind.Bot, cancellationToken);
        var ts = ReadString(response, "ts") ?? throw new SlackApiException("chat.postMessage", "response has no 'ts'");
        return new SlackMessageRef(ReadString(response, "channel") ?? channel, ts);
    }

    private static JsonObject MessageBody(string channel, SlackMessage message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentNullException.ThrowIfNull(message);
        var body = new JsonObject { ["channel"] = channel, ["text"] = message.Text };
        if (message.Blocks is not null)
        {
            body["blocks"] = message.Blocks.DeepClone();
        }

        return body;
    }

    private async Task<JsonObject> SendWithRetriesAsync(
        string method, SlackTokenKind tokenKind, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        var token = TokenFor(tokenKind);
        var url = new Uri(options.ApiBaseUrl, method);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (HttpRequestException ex) when (attempt < retry.MaxAttempts)
            {
                var backoff = retry.BackoffAfter(attempt);
                SlackLog.Unreachable(logger, method, ex.Message, attempt, backoff);
                await retry.Delay(backoff, cancellationToken);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw new SlackApiException(method, "unreachable: " + ex.Message, null, ex);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var wait = RetryAfter(response);
                    if (wait > retry.MaxRetryAfter || attempt >= retry.MaxAttempts)
                    {
                        throw new SlackRateLimitedException(method, wait);
                    }

                    SlackLog.RateLimited(logger, method, wait);
                    await retry.Delay(wait, cancellationToken);
                    continue;
                }

                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    if (attempt >= retry.MaxAttempts)
                    {
                        throw new SlackApiException(method, $"http_{status} after {attempt} attempts", status);
                    }

                    var backoff = retry.BackoffAfter(attempt);
                    SlackLog.ServerError(logger, method, status, attempt, backoff);
                    await retry.Delay(backoff, cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new SlackApiException(method, $"http_{status}", status);
                }

                var json = await ParseAsync(method, response, cancellationToken);
                if (json["ok"]?.GetValueKind() != JsonValueKind.True)
                {
                    var error = ReadString(json, "error") ?? "ok:false without an error code";
                    SlackLog.NotOk(logger, method, error);
                    throw new SlackApiException(method, error, status);
                }

                return json;
            }
        }
    }

    private static async Task<JsonObject> ParseAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new SlackApiException(method, "response is not a JSON object", (int)response.StatusCode);
        }
        catch (JsonException ex)
        {
            throw new SlackApiException(method, "response is not JSON", (int)response.StatusCode, ex);
        }
    }

    private static TimeSpan? ParsedRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        // Some proxies send a fractional or otherwise non-RFC value; accept plain seconds.
        return response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private TimeSpan RetryAfter(HttpResponseMessage response) => ParsedRetryAfter(response) ?? retry.DefaultRetryAfter;

    private string TokenFor(SlackTokenKind kind)
    {
        var (token, setting) = kind == SlackTokenKind.App
            ? (options.AppToken, $"{SlackOptions.SectionName}:AppToken (or SLACK_APP_TOKEN)")
            : (options.BotToken, $"{SlackOptions.SectionName}:BotToken (or SLACK_BOT_TOKEN)");
        return string.IsNullOrWhiteSpace(token)
            ? throw new SlackConfigurationException($"{setting} is not configured.")
            : token;
    }

    internal static string? ReadString(JsonObject json, string property) =>
        json[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
