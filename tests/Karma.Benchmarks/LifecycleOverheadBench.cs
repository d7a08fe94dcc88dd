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
/// <c>bench lifecycle-overhead [runs]</c>: a whole <see cref="ChangeWorkflow"/> on temporal-dev with real activities
/// and real terraform (approval wait excluded: the clock stops while the change awaits approval), against terraform
/// run by hand on the same module in a persistent folder, two ways: the issue's definition (init + plan + apply) and
/// the exact command sequence Karma ran in that change (read from the runner's log). Every run renames the bucket, so
/// each is a real replace. Prints where the workflow's time went (terraform, each activity from the history, the rest).
/// Target (issue #4): workflow / by-hand init+plan+apply ≤ 1.15.
/// </summary>
internal static class LifecycleOverheadBench
{
    private const string Environment = "bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-lifecycle-{Guid.NewGuid():N}");
        var modules = FindModules();
        var component = new ComponentId("s3-bucket", "bench");
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var options = new LifecycleOptions { KarmaHome = root, ConfigRepository = BenchConfigRepo.Create(root, Environment) };
        using var parameters = new LocalParameterStore(Path.Combine(root, "parameters.db"));
        using var graph = new SqliteGraphStore(Path.Combine(root, "graph.db"));
        var log = new TerraformCommandLog();
        var runner = new TerraformRunner(
            new TerraformOptions { ModulesRoot = modules, WorkRoot = Path.Combine(root, "work"), PluginCacheDirectory = Path.Combine(root, "plugins") }, log);
        var queue = $"bench-{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            .AddKarmaLifecycle(options, parameters, graph, new LogChangeNotifier(NullLogger<LogChangeNotifier>.Instance), runner));
        var workerTask = worker.ExecuteAsync(stop.Token);
        var karma = new KarmaWorkflowClient(client, queue);
        await parameters.PutAsync(new ParameterWrite("/iac/s3-bucket/bench/config", """{"bucket_name":"b0"}""", Overwrite: true), CancellationToken.None);
        await new GraphRefresher(parameters, graph, options).RefreshAsync(Environment, null, CancellationToken.None);

        var moduleDirectory = Path.Combine(modules, "components", component.Type);
        var sameSteps = new TerraformByHand(moduleDirectory, Path.Combine(root, "by-hand-same"));
        var issueSteps = new TerraformByHand(moduleDirectory, Path.Combine(root, "by-hand-issue"));
        var rows = new List<Row>();

        // Run 0 warms up (JIT, page cache, the worker's pollers) and is not counted.
        for (var i = 0; i <= runs; i++)
        {
            log.Drain();
            var workflow = await ThroughWorkflowAsync(karma, component, $$"""{"bucket_name":"w{{i}}"}""", $"bench-{i}");
            var commands = log.Drain();
            var timeline = WorkflowTimeline.From(await client.GetWorkflowHandle(ChangeIds.ChangeWorkflowId(Environment, component, $"bench-{i}")).FetchHistoryAsync());
            var same = await sameSteps.RunAsync(Variables(component, $"s{i}"), commands.Select(c => c.Command));
            var issue = await issueSteps.RunAsync(Variables(component, $"m{i}"), ["init", "plan", "apply"]);
            if (i == 0)
            {
                continue;
            }

            rows.Add(new Row(workflow, same, issue, commands, timeline));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i}: workflow {workflow:F2}s (terraform {commands.Sum(c => c.Ms) / 1000:F2}s in {commands.Count} commands, {timeline.WorkflowTasks} workflow tasks), " +
                $"by hand: same commands {same:F2}s, init+plan+apply {issue:F2}s"));
        }

        Report(rows);
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

    private sealed record Row(double Workflow, double Same, double Issue, List<(string Command, double Ms)> Commands, WorkflowTimeline Timeline)
    {
        public double TerraformSeconds => Commands.Sum(c => c.Ms) / 1000;
    }

    private static void Report(List<Row> rows)
    {
        var workflow = Median(rows.Select(r => r.Workflow));
        var same = Median(rows.Select(r => r.Same));
        var issue = Median(rows.Select(r => r.Issue));
        var terraform = Median(rows.Select(r => r.TerraformSeconds));
        var activities = Median(rows.Select(r => r.Timeline.ActivityMs / 1000));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"lifecycle-overhead: {rows.Count} runs, {System.Environment.ProcessorCount} cores; medians:"));
        Console.WriteLine(string.Create(inv, $"  workflow (approval wait excluded) {workflow:F2}s; terraform inside it {terraform:F2}s; activities (scheduled->completed) {activities:F2}s"));
        Console.WriteLine($"  terraform commands Karma ran: {string.Join(' ', rows[^1].Commands.Select(c => c.Command))}");
        Console.WriteLine(string.Create(inv, $"  by hand: the same commands {same:F2}s; init+plan+apply {issue:F2}s"));
        Console.WriteLine(string.Create(inv, $"  ratio vs init+plan+apply by hand (issue target <= 1.15): {workflow / issue:F2}"));
        Console.WriteLine(string.Create(inv, $"  ratio vs the same terraform commands by hand: {workflow / same:F2}"));
        Console.WriteLine(string.Create(inv, $"  orchestration outside terraform: {workflow - terraform:F2}s per change ({(workflow - activities):F2}s outside activities)"));
        var perActivity = rows.SelectMany(r => r.Timeline.Activities).GroupBy(a => a.Activity)
            .Select(g => (Name: g.Key, Calls: g.Count() / rows.Count, Ms: Median(g.Select(a => a.Ms))))
            .OrderByDescending(a => a.Ms * a.Calls);
        Console.WriteLine("  per activity (median ms x calls per change): " +
            string.Join(", ", perActivity.Select(a => string.Create(inv, $"{a.Name} {a.Ms:F0}x{a.Calls}"))));
        var perCommand = rows.SelectMany(r => r.Commands).GroupBy(c => c.Command)
            .Select(g => (Name: g.Key, Calls: g.Count() / rows.Count, Ms: Median(g.Select(c => c.Ms))));
        Console.WriteLine("  per terraform command inside Karma (median ms x calls): " +
            string.Join(", ", perCommand.Select(c => string.Create(inv, $"{c.Name} {c.Ms:F0}x{c.Calls}"))));
    }

    private static string Variables(ComponentId component, string bucket) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["component_name"] = component.Type,
            ["nickname"] = component.Nickname,
            ["iac_prefix"] = "/iac",
            ["region"] = "us-east-1",
            ["config"] = new System.Text.Json.Nodes.JsonObject { ["bucket_name"] = bucket },
            ["upstream"] = new System.Text.Json.Nodes.JsonObject(),
        }.ToJsonString();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<double> ThroughWorkflowAsync(KarmaWorkflowClient karma, ComponentId component, string config, string changeId)
    {
        var clock = Stopwatch.StartNew();
        await karma.ProposeAsync(new ChangeRequest(changeId, component, Environment, config, "bench", "overhead bench", ChangeSource.Cli));
        while ((await TryStatusAsync(karma, component, changeId))?.State != ChangeState.AwaitingApproval)
        {
            await Task.Delay(20);
        }

        var beforeApproval = clock.Elapsed;
        clock.Restart();
        await karma.ApproveAsync(Environment, component, new ApprovalVote(changeId, "approver", ChangeSource.Cli));
        var result = await karma.GetResultAsync(Environment, component, changeId);
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
            return await karma.GetStatusAsync(Environment, component, changeId);
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
