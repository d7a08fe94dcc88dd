using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Workflows.Tests.Infrastructure;

/// <summary>
/// A worker on a fresh task queue with the real config, impact, graph, audit and notification activities over real
/// local stores (SQLite Parameter Store and graph store, JSON-lines audit log), a real git config repo (its own, holding
/// <c>iac/dev/</c>, unless the options name one), and simulated terraform.
/// </summary>
public sealed class LifecycleHarness : IAsyncDisposable
{
    public const string Env = "dev";

    private readonly TempDirectory _dir = new("karma-wf");
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;

    private TemporalServerFixture? _server;

    /// <summary>A harness with its own temporal-dev server: tests stay independent of each other's pollers and timers.</summary>
    public static async Task<LifecycleHarness> StartAsync(
        LifecycleOptions? options = null, bool realTerraform = false, Func<TerraformLifecycleActivities, Delegate>? applyOverride = null)
    {
        var server = new TemporalServerFixture();
        await server.InitializeAsync();
        return new LifecycleHarness(server.Client, options, realTerraform, applyOverride) { _server = server };
    }

    /// <param name="applyOverride">Wraps the real apply activity (registered under its real name), e.g. to crash it.</param>
    public LifecycleHarness(ITemporalClient client, LifecycleOptions? options = null, bool realTerraform = false,
        Func<TerraformLifecycleActivities, Delegate>? applyOverride = null)
    {
        TaskQueue = $"karma-test-{Guid.NewGuid():N}";
        Options = options ?? new LifecycleOptions();
        Options.KarmaHome = _dir.Path;
        if (Options.ConfigRepository is null)
        {
            // Every proposal is validated against the config repo's iac/<env>/: the harness owns one, and deploys write to it.
            GitRepo.RequireGit();
            ConfigRepo = GitRepo.Init(_dir.Combine("config-repo")).WriteFile($"iac/{Env}/README.md", "components of dev");
            ConfigRepo.Commit("environment dev");
            Options.ConfigRepository = ConfigRepo.Path;
        }

        Parameters = new LocalParameterStore(_dir.Combine("parameters.db"));
        Graph = new SqliteGraphStore(_dir.Combine("graph.db"));
        Audit = new AuditLog(Options.ResolveAuditLogPath());
        Terraform = new SimulatedTerraform(Parameters);
        TerraformRunner = new Karma.Activities.Terraform.TerraformRunner(new Karma.Activities.Terraform.TerraformOptions
        {
            ModulesRoot = ModulesRoot,
            WorkRoot = _dir.Combine("work"),
            PluginCacheDirectory = _dir.Combine("plugins"),
        });
        // The refresher reads the config repo when the options name one (LifecycleOptions.ConfigRepository).
        var git = new Karma.Activities.Git.GitConfigLoader(_dir.Path);
        Refresher = new GraphRefresher(Parameters, Graph, Options, git);
        Client = new KarmaWorkflowClient(client, TaskQueue);
        var workerOptions = new TemporalWorkerOptions(TaskQueue)
            .AddWorkflow<ChangeWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddWorkflow<RolloutWorkflow>()
            .AddWorkflow<GraphBuildWorkflow>()
            .AddAllActivities(new ConfigActivities(Parameters, Options, git))
            .AddAllActivities(new ImpactActivities(Graph, Parameters, Options))
            .AddAllActivities(new GraphActivities(Refresher))
            .AddAllActivities(new AuditActivities(new Karma.Activities.Audit.FileAuditStore(Audit)))
            .AddAllActivities(new NotificationActivities(Notifier));
        if (realTerraform && applyOverride is not null)
        {
            var real = new TerraformLifecycleActivities(TerraformRunner, Parameters, Options);
            workerOptions.AddActivity(real.PlanChangeAsync).AddActivity(real.PublishRuntimeAsync).AddActivity(real.VerifyAsync)
                .AddActivity(applyOverride(real));
        }
        else if (realTerraform)
        {
            workerOptions.AddAllActivities(new TerraformLifecycleActivities(TerraformRunner, Parameters, Options));
        }
        else
        {
            workerOptions.AddAllActivities(Terraform);
        }

        var worker = new TemporalWorker(client, workerOptions);
        _worker = worker.ExecuteAsync(_stop.Token);
    }

    public string TaskQueue { get; }

    /// <summary>The repository's examples/modules (offline terraform_data modules).</summary>
    public static string ModulesRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Karma.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Karma.sln not found above the test binaries."), "examples", "modules");
        }
    }

    public LifecycleOptions Options { get; }

    /// <summary>The harness's own config repo; null when the options named one.</summary>
    public GitRepo? ConfigRepo { get; }

    public LocalParameterStore Parameters { get; }

    public SqliteGraphStore Graph { get; }

    public AuditLog Audit { get; }

    public RecordingNotifier Notifier { get; } = new();

    public SimulatedTerraform Terraform { get; }

    /// <summary>The runner the real terraform activities use (realTerraform): tests read its state or act out of band.</summary>
    public Karma.Activities.Terraform.TerraformRunner TerraformRunner { get; }

    public GraphRefresher Refresher { get; }

    public KarmaWorkflowClient Client { get; }

    /// <summary>Fast timings so a test never waits for production-sized retries.</summary>
    public static ChangeOptions FastOptions => new()
    {
        RetryInterval = TimeSpan.FromMilliseconds(100),
        TerraformHeartbeatTimeout = TimeSpan.FromSeconds(10),
        ApprovalTimeout = TimeSpan.FromMinutes(5),
        ReminderInterval = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// Publishes an existing component (config and runtime) as already deployed, commits its config to the harness's own
    /// config repo (when it has one), and rebuilds the graph.
    /// </summary>
    public async Task DeployedAsync(ComponentId component, string configJson, string? runtimeJson = null)
    {
        ConfigRepo?.WriteFile($"iac/{Env}/{component.Type}/{component.Nickname}/config.json", configJson).Commit($"{component} deployed");
        await Parameters.PutAsync(new ParameterWrite($"/iac/{component.Type}/{component.Nickname}/config", configJson, Overwrite: true), CancellationToken.None);
        if (runtimeJson is not null)
        {
            await Parameters.PutAsync(new ParameterWrite($"/iac/{component.Type}/{component.Nickname}/runtime", runtimeJson, Overwrite: true), CancellationToken.None);
        }

        await Terraform.MarkAppliedAsync(component);
        await Refresher.RefreshAsync(Env, null, CancellationToken.None);
    }

    public static ChangeRequest Request(ComponentId component, string configJson, string changeId, string by = "alice") =>
        new(changeId, component, Env, configJson, by, "test change", ChangeSource.Cli);

    /// <summary>Polls the status query until <paramref name="until"/> holds (bounded; queries are cheap).</summary>
    public async Task<ChangeStatus> WaitForAsync(ComponentId component, string changeId, Func<ChangeStatus, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                var status = await Client.GetStatusAsync(Env, component, changeId);
                if (until(status))
                {
                    return status;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"change {changeId} stayed {status.State} ({string.Join(" / ", status.Timeline.Select(t => $"{t.State}:{t.Note}"))})");
                }
            }
            catch (ChangeNotFoundException) when (DateTime.UtcNow < deadline)
            {
                // Not visible yet: the queue has not started it.
            }
            catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.DeadlineExceeded && DateTime.UtcNow < deadline)
            {
                // A query waits for the run's outstanding workflow task; on a loaded machine one poll may run out of time.
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the worker (nothing answers queries or runs tasks any more); the server and client stay.</summary>
    public async Task StopWorkerAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _worker;
        }
        catch (OperationCanceledException)
        {
            // The worker stops by cancellation.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Parameters.Dispose();
        Graph.Dispose();
        _stop.Dispose();
        _dir.Dispose();
    }
}
