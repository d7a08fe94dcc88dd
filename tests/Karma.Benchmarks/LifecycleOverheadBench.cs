using System.Diagnostics;
using System.Globalization;
using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Activities.Terraform;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.TemporalDev.Hosting;
using Karma.Workflows;
using Karma.Workflows.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench lifecycle-overhead [runs]</c>: the same terraform work a change does (plan, apply, output, verify plan)
/// run directly through <see cref="TerraformRunner"/>, versus a whole <see cref="ChangeWorkflow"/> on temporal-dev
/// with real activities (approval wait excluded: the clock stops while the change awaits approval). Target ≤ 1.15.
/// </summary>
internal static class LifecycleOverheadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-lifecycle-{Guid.NewGuid():N}");
        var modules = FindModules();
        var component = new ComponentId("s3-bucket", "bench");
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var options = new LifecycleOptions { KarmaHome = root };
        using var parameters = new LocalParameterStore(Path.Combine(root, "parameters.db"));
        using var graph = new SqliteGraphStore(Path.Combine(root, "graph.db"));
        var runner = new TerraformRunner(new TerraformOptions { ModulesRoot = modules, WorkRoot = Path.Combine(root, "work"), PluginCacheDirectory = Path.Combine(root, "plugins") });
        var refresher = new GraphRefresher(parameters, graph, options);
        var queue = $"bench-{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            .AddKarmaLifecycle(options, parameters, graph, new LogChangeNotifier(NullLogger<LogChangeNotifier>.Instance), runner));
        var workerTask = worker.ExecuteAsync(stop.Token);
        var karma = new KarmaWorkflowClient(client, queue);
        await parameters.PutAsync(new ParameterWrite("/iac/s3-bucket/bench/config", """{"bucket_name":"b0"}""", Overwrite: true), CancellationToken.None);
        await refresher.RefreshAsync("bench", null, CancellationToken.None);

        var manual = new List<double>();
        var workflow = new List<double>();
        for (var i = 1; i <= runs; i++)
        {
            manual.Add(await ManualAsync(runner, component, $$"""{"bucket_name":"m{{i}}"}"""));
            workflow.Add(await ThroughWorkflowAsync(karma, component, $$"""{"bucket_name":"w{{i}}"}""", $"bench-{i}"));
            Console.WriteLine($"run {i}: manual {manual[^1]:F2}s, workflow {workflow[^1]:F2}s");
        }

        var ratio = workflow.Average() / manual.Average();
        Console.WriteLine($"lifecycle-overhead: manual mean {manual.Average():F2}s, workflow mean {workflow.Average():F2}s (approval wait excluded), ratio {ratio:F2} (target <= 1.15)");
        await stop.CancelAsync();
        try
        {
            await workerTask;
        }
        catch (OperationCanceledException)
        {
            // Stopping the worker.
        }

        return 0;
    }

    private static async Task<double> ManualAsync(TerraformRunner runner, ComponentId component, string config)
    {
        var clock = Stopwatch.StartNew();
        var input = new ComponentTerraformInput("manual", component, config, new Dictionary<string, string>());
        var prepared = runner.Prepare(input);
        await runner.InitAsync(prepared.Workspace, null, CancellationToken.None);
        var plan = await runner.PlanAsync(prepared.Workspace, null, null, CancellationToken.None);
        await runner.ApplyAsync(prepared.Workspace, plan.Plan, null, CancellationToken.None);
        await runner.ReadOutputsAsync(prepared.Workspace, null, CancellationToken.None);
        var verify = runner.Prepare(input);
        await runner.InitAsync(verify.Workspace, null, CancellationToken.None);
        await runner.PlanAsync(verify.Workspace, null, null, CancellationToken.None);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> ThroughWorkflowAsync(KarmaWorkflowClient karma, ComponentId component, string config, string changeId)
    {
        var clock = Stopwatch.StartNew();
        await karma.ProposeAsync(new ChangeRequest(changeId, component, "bench", config, "bench", "overhead bench", ChangeSource.Cli));
        while ((await TryStatusAsync(karma, component, changeId))?.State != ChangeState.AwaitingApproval)
        {
            await Task.Delay(20);
        }

        var beforeApproval = clock.Elapsed;
        clock.Restart();
        await karma.ApproveAsync("bench", component, new ApprovalVote(changeId, "approver", ChangeSource.Cli));
        var result = await karma.GetResultAsync("bench", component, changeId);
        if (result.Status != "applied")
        {
            throw new InvalidOperationException($"bench change {changeId} ended {result.Status}: {result.Reason}");
        }

        return (beforeApproval + clock.Elapsed).TotalSeconds;
    }

    private static async Task<ChangeStatus?> TryStatusAsync(KarmaWorkflowClient karma, ComponentId component, string changeId)
    {
        try
        {
            return await karma.GetStatusAsync("bench", component, changeId);
        }
        catch (ChangeNotFoundException)
        {
            return null;
        }
    }

    private static string FindModules()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Karma.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "examples", "modules");
    }
}
