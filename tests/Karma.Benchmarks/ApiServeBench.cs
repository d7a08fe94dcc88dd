using System.Globalization;
using Karma.Activities.Configuration;
using Karma.Activities.Git;
using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Analysis;
using Karma.Core.Ports;
using Karma.TemporalDev.Hosting;
using Karma.Worker.Api;
using Karma.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench api-serve --port P [--components 10000]</c>: the real API (cached mode) on 127.0.0.1:P over a generated graph,
/// with temporal-dev and a worker running the lifecycle workflows, for scripts/load-test.sh to drive with wrk. Terraform
/// activities are deliberately not registered: accepted changes stay queued/planning, so the queue query can count them
/// all afterwards. Runs until stdin closes or SIGTERM.
/// </summary>
internal static class ApiServeBench
{
    public const string Token = "load-test-token";

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : null;
        var port = int.Parse(Option("--port") ?? "8080", CultureInfo.InvariantCulture);
        var size = int.Parse(Option("--components") ?? "10000", CultureInfo.InvariantCulture);
        var home = Path.Combine(Path.GetTempPath(), $"karma-api-serve-{Environment.ProcessId}");
        Directory.CreateDirectory(home);
        try
        {
            var system = GraphSystemGenerator.Generate(size);
            using var graph = new SqliteGraphStore(Path.Combine(home, "graph.db"));
            await graph.WriteAsync(GraphBuilder.Build(system.Config, system.Parameters).Graph, CancellationToken.None);
            await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
            var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            var configuration = KarmaConfigurationLoader.Load(new KarmaConfigurationInput
            {
                UserProfile = home,
                CommandLine = new Dictionary<string, string?>
                {
                    ["Karma:Home"] = home,
                    ["Karma:Environment"] = "bench",
                    ["Karma:Api:Tokens:0:Identity"] = "load",
                    ["Karma:Api:Tokens:0:TokenSha256"] = ApiTokenRegistry.HashHex(Token),
                    ["Karma:Api:Tokens:0:Roles:0"] = ApiRoles.Reader,
                    ["Karma:Api:Tokens:0:Roles:1"] = ApiRoles.Proposer,
                },
            }, KarmaApiSettings.Schema());

            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IGraphStore>(graph);
            builder.Services.AddSingleton(new KarmaWorkflowClient(temporal, TaskQueues.Lifecycle));
            builder.Services.AddKarmaApi(configuration);
            await using var app = builder.Build();
            app.MapKarmaApi();

            var options = new LifecycleOptions { KarmaHome = home };
            using var parameters = new LocalParameterStore(Path.Combine(home, "parameters.db"));
            var workerGraph = app.Services.RefreshingGraphStore(graph);
            using var worker = new TemporalWorker(temporal, new TemporalWorkerOptions(TaskQueues.Lifecycle)
                .AddWorkflow<ChangeWorkflow>()
                .AddWorkflow<ComponentWorkflow>()
                .AddWorkflow<RolloutWorkflow>()
                .AddWorkflow<GraphBuildWorkflow>()
                .AddAllActivities(new ConfigActivities(parameters, options, new GitConfigLoader(home)))
                .AddAllActivities(new ImpactActivities(workerGraph, parameters, options))
                .AddAllActivities(new AuditActivities(new Karma.Activities.Audit.FileAuditStore(options.ResolveAuditLogPath())))
                .AddAllActivities(new NotificationActivities(new LogChangeNotifier(Microsoft.Extensions.Logging.Abstractions.NullLogger<LogChangeNotifier>.Instance))));
            using var stop = new CancellationTokenSource();
            var running = worker.ExecuteAsync(stop.Token);
            await app.StartAsync();
            Console.WriteLine($"api-serve listening http://127.0.0.1:{port} components={size} token={Token}");

            // The host's console lifetime turns SIGTERM / Ctrl+C into a shutdown.
            await app.WaitForShutdownAsync();
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // The worker stops by cancellation.
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(home, recursive: true);
        }
    }
}
