using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Karma.Slack.Tests.Support;

/// <summary>
/// A local HTTP server (Kestrel on 127.0.0.1) answering Slack Web API methods under <c>/api/</c> with the
/// responses Slack documents, recording every request. Scripted responses (ok:false, 429, 5xx) are played
/// first, in order, per method. <paramref name="configure"/> adds extra endpoints (e.g. a Socket Mode socket).
/// </summary>
public sealed class LocalSlackApi : IAsyncDisposable
{
    public const string BotToken = "xoxb-test-bot-token-123456789";
    public const string AppToken = "xapp-1-test-app-token-987654321";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedCall> calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedResponse>> scripts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim arrived = new(0);
    private int nextTs;

    private LocalSlackApi(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiUrl => new(BaseUrl, "api/");

    /// <summary>Slack users known to users.info (id → user).</summary>
    public ConcurrentDictionary<string, SlackUser> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>What apps.connections.open hands out; the default points at this server's <c>/socket/{n}</c>.</summary>
    public Func<int, string>? SocketUrl { get; set; }

    public IReadOnlyList<RecordedCall> Calls => calls.ToList();

    public static async Task<LocalSlackApi> StartAsync(Action<WebApplication>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        var server = new LocalSlackApi(app);
        app.MapPost("/api/{method}", server.HandleAsync);
        configure?.Invoke(app);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First() + "/");
        return server;
    }

    public void Script(string method, params ScriptedResponse[] responses)
    {
        var queue = scripts.GetOrAdd(method, _ => new ConcurrentQueue<ScriptedResponse>());
        foreach (var response in responses)
        {
            queue.Enqueue(response);
        }
    }

    public IReadOnlyList<RecordedCall> CallsTo(string method) => calls.Where(c => c.Method == method).ToList();

    /// <summary>Waits (bounded) until <paramref name="count"/> calls of <paramref name="method"/> have arrived.</summary>
    public async Task<IReadOnlyList<RecordedCall>> WaitForAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (CallsTo(method).Count < count)
        {
            try
            {
                await arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} call(s) to {method}; got {CallsTo(method).Count}: {string.Join(", ", calls.Select(c => c.Method))}");
            }
        }

        return CallsTo(method);
    }

    public SlackOptions Options() => new()
    {
        BotToken = BotToken,
        AppToken = AppToken,
        SigningSecret = "test-signing-secret",
        ApiBaseUrl = ApiUrl,
    };

    /// <summary>A client with retries that do not sleep; the waits it asked for land in <paramref name="delays"/>.</summary>
    public SlackClient Client(SlackOptions? options = null, List<TimeSpan>? delays = null, ILogger<SlackClient>? logger = null)
    {
        var policy = SlackRetryPolicy.Default with
        {
            Delay = (d, _) =>
            {
                lock (delays ?? [])
                {
                    delays?.Add(d);
                }

                return Task.CompletedTask;
            },
        };
        return new SlackClient(new HttpClient(), options ?? Options(), policy, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        arrived.Dispose();
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var contentType = context.Request.ContentType;
        var form = contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true
            ? QueryHelpers.ParseQuery(body).ToDictionary(kv => kv.Key, kv => kv.Value.ToString())
            : new Dictionary<string, string>();
        calls.Enqueue(new RecordedCall(method, context.Request.Headers.Authorization.ToString(), contentType, body, form));
        arrived.Release();

        var response = scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted)
            ? scripted
            : Documented(method, body, form);
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(response.Body);
    }

    // Response shapes from Slack's method documentation (api.slack.com/methods/…).
    private ScriptedResponse Documented(string method, string body, Dictionary<string, string> form)
    {
        var json = body.StartsWith('{') ? JsonNode.Parse(body) as JsonObject : null;
        string Channel() => json?["channel"]?.GetValue<string>() ?? "C0000000000";
        var ts = string.Create(CultureInfo.InvariantCulture, $"1700000000.{Interlocked.Increment(ref nextTs):000000}");
        switch (method)
        {
            case "chat.postMessage":
                return Ok(new JsonObject { ["channel"] = Channel(), ["ts"] = ts, ["message"] = new JsonObject { ["text"] = json?["text"]?.GetValue<string>(), ["ts"] = ts } });
            case "chat.update":
                return Ok(new JsonObject { ["channel"] = Channel(), ["ts"] = json?["ts"]?.GetValue<string>(), ["text"] = json?["text"]?.GetValue<string>() });
            case "chat.postEphemeral":
                return Ok(new JsonObject { ["message_ts"] = ts });
            case "views.open":
                return Ok(new JsonObject { ["view"] = new JsonObject { ["id"] = "V0" + nextTs, ["type"] = "modal" } });
            case "users.info":
                var id = form.TryGetValue("user", out var u) ? u : string.Empty;
                if (!Users.TryGetValue(id, out var user))
                {
                    return ScriptedResponse.NotOk("user_not_found");
                }

                return Ok(new JsonObject
                {
                    ["user"] = new JsonObject
                    {
                        ["id"] = user.Id,
                        ["name"] = user.Name,
                        ["real_name"] = user.RealName,
                        ["deleted"] = user.IsDeleted,
                        ["is_bot"] = user.IsBot,
                        ["profile"] = new JsonObject { ["email"] = user.Email, ["real_name"] = user.RealName },
                    },
                });
            case "apps.connections.open":
                var n = calls.Count(c => c.Method == method);
                var url = SocketUrl?.Invoke(n) ?? $"ws://{BaseUrl.Authority}/socket/{n}";
                return Ok(new JsonObject { ["url"] = url });
            default:
                return ScriptedResponse.NotOk("unknown_method");
        }
    }

    private static ScriptedResponse Ok(JsonObject fields)
    {
        fields["ok"] = true;
        return new ScriptedResponse(200, fields.ToJsonString());
    }
}
