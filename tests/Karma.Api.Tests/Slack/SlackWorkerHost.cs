using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Karma.Activities.Configuration;
using Karma.Activities.Graph;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Slack.Tests.Support;
using Karma.Testing;
using Karma.Worker;
using Karma.Worker.Api;
using Karma.Worker.Slack;
using Karma.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Karma.Api.Tests.Slack;

/// <summary>
/// The worker's service host composed as worker/Program.cs composes it (configuration loaded with the Slack schema,
/// Parameter Store and graph store from configuration, the log notifier, <see cref="SlackApprovalsExtensions"/>, the
/// lifecycle worker with real terraform over the offline example modules), on a real Kestrel port, talking to a local
/// Slack API that records every call. Approvers: bob and carol; alice proposes; dave is mapped but no approver.
/// </summary>
public sealed class SlackWorkerHost : IAsyncDisposable
{
    public const string SigningSecret = "e2e-signing-secret-0123456789abcdef";
    public const string Channel = "C0E2EAPPROVALS";
    public const string Alice = "U0ALICE";
    public const string Bob = "U0BOB";
    public const string Carol = "U0CAROL";
    public const string Dave = "U0DAVE";
    public const string Stranger = "U0STRANGER";

    private const string ConfigRepoFolder = "config-repo";

    private readonly TempDirectory _dir;
    private readonly ITemporalClient _temporal;
    private WebApplication _app;

    private SlackWorkerHost(TempDirectory dir, ITemporalClient temporal, WebApplication app, LocalSlackApi slack, KarmaConfiguration configuration, string env)
    {
        _dir = dir;
        _temporal = temporal;
        _app = app;
        Slack = slack;
        Configuration = configuration;
        Env = env;
        Http = ClientFor(app);
    }

    public LocalSlackApi Slack { get; }

    public KarmaConfiguration Configuration { get; }

    public string Env { get; }

    public HttpClient Http { get; private set; }

    public KarmaWorkflowClient Workflows => _app.Services.GetRequiredService<KarmaWorkflowClient>();

    public string Home => _dir.Path;

    /// <param name="socketMode">Configure an app token instead of a signing secret: clicks arrive over Socket Mode.</param>
    public static async Task<SlackWorkerHost> StartAsync(ITemporalClient temporal, LocalSlackApi slack, bool socketMode = false)
    {
        var dir = new TempDirectory("karma-slack-e2e");
        var env = $"slk-{Guid.NewGuid():N}"[..12];

        // Every change is checked against its environment's folder in the config repo.
        GitRepo.RequireGit();
        GitRepo.Init(dir.Combine(ConfigRepoFolder)).WriteFile($"iac/{env}/README.md", "components").Commit($"environment {env}");
        var settings = Settings(dir, env, slack);
        settings["Karma:Repo:Url"] = dir.Combine(ConfigRepoFolder);
        if (socketMode)
        {
            settings.Remove("Karma:Slack:SigningSecret");
            settings["Karma:Slack:AppToken"] = LocalSlackApi.AppToken;
        }

        var configuration = KarmaConfigurationLoader.Load(
            new KarmaConfigurationInput { CommandLine = settings, UserProfile = dir.Path },
            KarmaApiSettings.Schema(SlackApprovalsExtensions.Schema()));

        return new SlackWorkerHost(dir, temporal, await StartAppAsync(temporal, configuration), slack, configuration, env);
    }

    /// <summary>
    /// Stops the host and starts a fresh one on the same home and task queue, as a restarted worker process would:
    /// nothing in memory survives, only what the worker wrote under KARMA_HOME.
    /// </summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = await StartAppAsync(_temporal, Configuration);
        Http = ClientFor(_app);
    }

    // What worker/Program.cs does, minus its Temporal connection (the test's temporal-dev is shared).
    private static async Task<WebApplication> StartAppAsync(ITemporalClient temporal, KarmaConfiguration configuration)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddKarmaService(configuration, temporal);
        var app = builder.Build();
        app.MapKarmaService();
        await app.StartAsync();
        return app;
    }

    private static HttpClient ClientFor(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Commits and publishes <paramref name="configJson"/> as the component's config and rebuilds the graph.</summary>
    public async Task PublishedAsync(ComponentId component, string configJson)
    {
        GitRepo.Open(_dir.Combine(ConfigRepoFolder)).WriteFile($"iac/{Env}/{component.Type}/{component.Nickname}/config.json", configJson).Commit($"{component}");
        var parameters = _app.Services.GetRequiredService<IParameterStore>();
        await parameters.PutAsync(new ParameterWrite(ParameterPaths.Config(Configuration.Options.Prefix, component), configJson, Overwrite: true), CancellationToken.None);
        var refresher = new GraphRefresher(parameters, _app.Services.GetRequiredService<IGraphStore>(), Configuration.Options.ToLifecycleOptions());
        await refresher.RefreshAsync(Env, null, CancellationToken.None);
    }

    /// <summary>Proposes a change as alice, through the same client the API uses.</summary>
    public Task ProposeAsync(ComponentId component, string changeId, string configJson, TimeSpan approvalTimeout, TimeSpan? reminderInterval = null) =>
        Workflows.ProposeAsync(
            new ChangeRequest(changeId, component, Env, configJson, "alice", "rename the assets bucket", ChangeSource.Api),
            new ChangeOptions
            {
                ApprovalTimeout = approvalTimeout,
                ReminderInterval = reminderInterval ?? approvalTimeout,
                RetryInterval = TimeSpan.FromMilliseconds(200),
                TerraformHeartbeatTimeout = TimeSpan.FromSeconds(60),
            });

    /// <summary>POSTs <paramref name="body"/> to /slack/interactions signed as Slack signs (v0 HMAC-SHA256), at <paramref name="timestamp"/>.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string body, long? timestamp = null, string? secret = null)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        return await PostAsync(body, ts, Sign(secret ?? SigningSecret, ts, body));
    }

    public async Task<HttpResponseMessage> PostAsync(string body, string timestamp, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/interactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return await Http.SendAsync(request);
    }

    public static string Sign(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    /// <summary>A block_actions click by <paramref name="userId"/> on the button with <paramref name="value"/> of the message <paramref name="ts"/>.</summary>
    public static string Click(string userId, string actionId, string value, string ts)
    {
        var payload = SlackPayloads.Click(userId, actionId, value);
        payload["container"]!["message_ts"] = ts;
        payload["container"]!["channel_id"] = Channel;
        payload["channel"]!["id"] = Channel;
        payload["message"]!["ts"] = ts;
        return SlackPayloads.Form(payload);
    }

    /// <summary>
    /// The approval request posted for a change: the recorded top-level chat.postMessage whose buttons address it, and
    /// the record the worker keeps of where it is (the ts Slack answered with).
    /// </summary>
    public async Task<(JsonObject Message, SlackRequestRecord Record)> WaitForRequestAsync(ComponentId component, string changeId, TimeSpan timeout)
    {
        var change = new SlackChangeReference(Env, component, changeId);
        var store = _app.Services.GetRequiredService<SlackRequestStore>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var record = await store.FindAsync(change, CancellationToken.None);
            var posted = Slack.CallsTo("chat.postMessage").Select(c => c.Json)
                .LastOrDefault(m => m["thread_ts"] is null && ButtonValue(m) == change.Value);
            if (record is not null && posted is not null)
            {
                return (posted, record);
            }

            if (DateTime.UtcNow > deadline)
            {
                var status = await Workflows.GetStatusAsync(Env, component, changeId);
                throw new TimeoutException($"no approval request for {changeId} (state {status.State}); Slack calls: {string.Join(", ", Slack.Calls.Select(c => c.Method))}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until a recorded call of <paramref name="method"/> matches <paramref name="match"/>.</summary>
    public async Task<JsonObject> WaitForCallAsync(string method, Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Slack.CallsTo(method).Select(c => c.Json).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no matching {method}; got: {string.Join("\n", Slack.CallsTo(method).Select(c => Shorten(c.Body)))}");
            }

            await Task.Delay(100);
        }
    }

    public static string Text(JsonObject message) => BlockText.All(message);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    public static string? ButtonValue(JsonObject message) =>
        message["blocks"]?.AsArray().OfType<JsonObject>()
            .Where(b => b["type"]?.GetValue<string>() == "actions")
            .SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>())
            .FirstOrDefault(e => e["action_id"]?.GetValue<string>() == "karma_approve")?["value"]?.GetValue<string>();

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static Dictionary<string, string?> Settings(TempDirectory dir, string env, LocalSlackApi slack) => new()
    {
        ["Karma:Home"] = dir.Path,
        ["Karma:Environment"] = env,
        ["Karma:Temporal:TaskQueue"] = $"karma-slack-{Guid.NewGuid():N}",
        ["Karma:Api:Enabled"] = "false",
        ["Karma:Terraform:ModulesRoot"] = ModulesRoot(),
        ["Karma:Terraform:PluginCacheDirectory"] = dir.Combine("plugins"),
        [$"Karma:Approvals:Policies:{env}:Approvers:0"] = "bob",
        [$"Karma:Approvals:Policies:{env}:Approvers:1"] = "carol",
        ["Karma:Slack:BotToken"] = LocalSlackApi.BotToken,
        ["Karma:Slack:SigningSecret"] = SigningSecret,
        ["Karma:Slack:ApiBaseUrl"] = slack.ApiUrl.ToString(),
        ["Karma:Slack:TemporalUiUrl"] = "http://localhost:8233/",
        [$"Karma:Slack:Channels:{env}"] = Channel,
        [$"Karma:Slack:Users:{Alice}"] = "alice",
        [$"Karma:Slack:Users:{Bob}"] = "bob",
        [$"Karma:Slack:Users:{Carol}"] = "carol",
        [$"Karma:Slack:Users:{Dave}"] = "dave",
    };

    private static string ModulesRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Karma.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Karma.sln not found above the test binaries."), "examples", "modules");
    }
}
