using System.Net.Http.Headers;
using System.Text;
using Karma.Activities.Configuration;
using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;
using Karma.Worker.Api;
using Karma.Workflows;
using Karma.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Api.Tests.Infrastructure;

/// <summary>
/// The real API on a real Kestrel port (127.0.0.1:0), wired by <see cref="KarmaApiExtensions"/> exactly as the worker
/// wires it, over real local stores, with a Temporal worker running the real lifecycle activities (terraform simulated)
/// against temporal-dev. Tokens: reader, proposer (+reader), approver (+reader), and "bob" (approver) for second votes.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string ReaderToken = "reader-token-0123456789";
    public const string ProposerToken = "proposer-token-0123456789";
    public const string ApproverToken = "approver-token-0123456789";
    public const string NobodyRolesToken = "no-roles-token-0123456789";

    private readonly TempDirectory _dir = new("karma-api");
    private readonly CancellationTokenSource _stop = new();
    private Task? _worker;
    private WebApplication? _app;

    private ApiHost(ApiGraphMode mode)
    {
        Mode = mode;

        // Workflow ids contain the environment: a fresh one per host keeps hosts sharing temporal-dev apart.
        Env = $"dev-{Guid.NewGuid():N}"[..12];
        TaskQueue = $"karma-api-{Guid.NewGuid():N}";
        // Changes are checked against iac/<env>/ of the config repo; deploys commit there.
        GitRepo.RequireGit();
        ConfigRepo = GitRepo.Init(_dir.Combine("config-repo")).WriteFile($"iac/{Env}/README.md", "components");
        ConfigRepo.Commit($"environment {Env}");
        Lifecycle = new LifecycleOptions { KarmaHome = _dir.Path, ConfigRepository = ConfigRepo.Path };
        Parameters = new LocalParameterStore(_dir.Combine("parameters.db"));
        Graph = new SqliteGraphStore(_dir.Combine("graph.db"));
        Audit = new AuditLog(Lifecycle.ResolveAuditLogPath());
        Terraform = new SimulatedTerraform(Parameters);
    }

    public ApiGraphMode Mode { get; }

    public string Env { get; }

    public string TaskQueue { get; }

    public LifecycleOptions Lifecycle { get; }

    /// <summary>The config repo (<c>iac/&lt;Env&gt;/</c>) the API and the worker check and build from.</summary>
    public GitRepo ConfigRepo { get; }

    public LocalParameterStore Parameters { get; }

    public SqliteGraphStore Graph { get; }

    /// <summary>The store the worker's activities write through: the API's refreshing decorator in cached mode.</summary>
    public IGraphStore WorkerGraph { get; private set; } = null!;

    public AuditLog Audit { get; }

    public SimulatedTerraform Terraform { get; }

    public GraphRefresher Refresher { get; private set; } = null!;

    public KarmaWorkflowClient Workflows { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ApiHost> StartAsync(ITemporalClient temporal, ApiGraphMode mode = ApiGraphMode.Cached, long maxBodyBytes = 64 * 1024, bool temporalWorker = true)
    {
        var host = new ApiHost(mode);
        await host.StartCoreAsync(temporal, maxBodyBytes, temporalWorker);
        return host;
    }

    public static KarmaConfiguration Configuration(string home, string environment, ApiGraphMode mode, long maxBodyBytes, string? repo = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Karma:Home"] = home,
            ["Karma:Repo:Url"] = repo,
            ["Karma:Environment"] = environment,
            ["Karma:Api:Mode"] = mode.ToString(),
            ["Karma:Api:MaxRequestBodyBytes"] = maxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Karma:Api:Tokens:0:Identity"] = "rita",
            ["Karma:Api:Tokens:0:TokenSha256"] = ApiTokenRegistry.HashHex(ReaderToken),
            ["Karma:Api:Tokens:0:Roles:0"] = ApiRoles.Reader,
            ["Karma:Api:Tokens:1:Identity"] = "alice",
            ["Karma:Api:Tokens:1:Token"] = ProposerToken,
            ["Karma:Api:Tokens:1:Roles:0"] = ApiRoles.Reader,
            ["Karma:Api:Tokens:1:Roles:1"] = ApiRoles.Proposer,
            ["Karma:Api:Tokens:2:Identity"] = "bob",
            ["Karma:Api:Tokens:2:TokenSha256"] = ApiTokenRegistry.HashHex(ApproverToken).ToUpperInvariant(),
            ["Karma:Api:Tokens:2:Roles:0"] = ApiRoles.Reader,
            ["Karma:Api:Tokens:2:Roles:1"] = ApiRoles.Approver,
            ["Karma:Api:Tokens:3:Identity"] = "nobody",
            ["Karma:Api:Tokens:3:Token"] = NobodyRolesToken,
        };
        return KarmaConfigurationLoader.Load(
            new KarmaConfigurationInput { CommandLine = values, UserProfile = home },
            KarmaApiSettings.Schema());
    }

    public HttpClient ClientWith(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Commits and publishes a deployed component (config + runtime) and rebuilds the graph through the worker's store.</summary>
    public async Task DeployedAsync(ComponentId component, string configJson, string? runtimeJson = null)
    {
        ConfigRepo.WriteFile($"iac/{Env}/{component.Type}/{component.Nickname}/config.json", configJson).Commit($"{component} deployed");
        await Parameters.PutAsync(new ParameterWrite($"/iac/{component.Type}/{component.Nickname}/config", configJson, Overwrite: true), CancellationToken.None);
        if (runtimeJson is not null)
        {
            await Parameters.PutAsync(new ParameterWrite($"/iac/{component.Type}/{component.Nickname}/runtime", runtimeJson, Overwrite: true), CancellationToken.None);
        }

        await Terraform.MarkAppliedAsync(component);
        await Refresher.RefreshAsync(Env, null, CancellationToken.None);
    }

    private async Task StartCoreAsync(ITemporalClient temporal, long maxBodyBytes, bool temporalWorker)
    {
        var configuration = Configuration(_dir.Path, Env, Mode, maxBodyBytes, ConfigRepo.Path);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IGraphStore>(Graph);
        builder.Services.AddSingleton<IParameterStore>(Parameters);
        builder.Services.AddSingleton(new KarmaWorkflowClient(temporal, TaskQueue));
        builder.Services.AddSingleton(temporal);
        builder.Services.AddKarmaApi(configuration);
        _app = builder.Build();
        _app.MapKarmaApi();
        await _app.StartAsync();

        WorkerGraph = _app.Services.RefreshingGraphStore(Graph);
        var git = new Karma.Activities.Git.GitConfigLoader(_dir.Path);
        Refresher = new GraphRefresher(Parameters, WorkerGraph, Lifecycle, git);
        Workflows = _app.Services.GetRequiredService<KarmaWorkflowClient>();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = ClientWith(null);
        if (temporalWorker)
        {
            var worker = new TemporalWorker(temporal, new TemporalWorkerOptions(TaskQueue)
                .AddWorkflow<ChangeWorkflow>()
                .AddWorkflow<ComponentWorkflow>()
                .AddWorkflow<RolloutWorkflow>()
                .AddWorkflow<GraphBuildWorkflow>()
                .AddAllActivities(new ConfigActivities(Parameters, Lifecycle, git))
                .AddAllActivities(new ImpactActivities(WorkerGraph, Parameters, Lifecycle))
                .AddAllActivities(new GraphActivities(Refresher))
                .AddAllActivities(new AuditActivities(new Karma.Activities.Audit.FileAuditStore(Audit)))
                .AddAllActivities(new NotificationActivities(new RecordingNotifier()))
                .AddAllActivities(Terraform));
            _worker = worker.ExecuteAsync(_stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_worker is not null)
        {
            try
            {
                await _worker;
            }
            catch (OperationCanceledException)
            {
                // The worker stops by cancellation.
            }
        }

        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Parameters.Dispose();
        Graph.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }
}
