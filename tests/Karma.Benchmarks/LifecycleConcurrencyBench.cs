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
/// <c>bench lifecycle-concurrency [n]</c>: n changes on n distinct components (real terraform, offline example module),
/// proposed at once, each approved as soon as it asks; reports completions, throughput and latency percentiles.
/// </summary>
internal static class LifecycleConcurrencyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-concurrency-{Guid.NewGuid():N}");
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var options = new LifecycleOptions { KarmaHome = root, ConfigRepository = BenchConfigRepo.Create(root, "bench") };
        using var parameters = new LocalParameterStore(Path.Combine(root, "parameters.db"));
        using var graph = new SqliteGraphStore(Path.Combine(root, "graph.db"));
        var runner = new TerraformRunner(new TerraformOptions
        {
            ModulesRoot = Path.Combine(FindRoot(), "examples", "modules"),
            WorkRoot = Path.Combine(root, "work"),
            PluginCacheDirectory = Path.Combine(root, "plugins"),
        });
        var refresher = new GraphRefresher(parameters, graph, options);
        var queue = $"bench-{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            .AddKarmaLifecycle(options, parameters, graph, new LogChangeNotifier(NullLogger<LogChangeNotifier>.Instance), runner));
        var workerTask = worker.ExecuteAsync(stop.Token);
        var karma = new KarmaWorkflowClient(client, queue);
        var components = Enumerable.Range(1, n).Select(i => new ComponentId("s3-bucket", $"b{i:000}")).ToList();
        foreach (var c in components)
        {
            await parameters.PutAsync(new ParameterWrite($"/iac/s3-bucket/{c.Nickname}/config", """{"bucket_name":"old"}""", Overwrite: true), CancellationToken.None);
        }

        await refresher.RefreshAsync("bench", null, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(components.Select(c => OneAsync(karma, c)));
        var total = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine($"lifecycle-concurrency: {n} changes on distinct components completed in {total:F1}s; " +
            $"throughput {n / total:F2} changes/s; latency p50 {Percentile(0.5):F1}s p99 {Percentile(0.99):F1}s (includes queueing for 2 cores)");
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

    private static async Task<double> OneAsync(KarmaWorkflowClient karma, ComponentId component)
    {
        var clock = Stopwatch.StartNew();
        await karma.ProposeAsync(new ChangeRequest("c1", component, "bench", """{"bucket_name":"new"}""", "bench", "concurrency bench", ChangeSource.Cli));
        while (true)
        {
            try
            {
                if ((await karma.GetStatusAsync("bench", component, "c1")).State == ChangeState.AwaitingApproval)
                {
                    break;
                }
            }
            catch (ChangeNotFoundException)
            {
                // Not started yet.
            }

            await Task.Delay(100);
        }

        await karma.ApproveAsync("bench", component, new ApprovalVote("c1", "approver", ChangeSource.Cli));
        var result = await karma.GetResultAsync("bench", component, "c1");
        return result.Status == "applied"
            ? clock.Elapsed.TotalSeconds
            : throw new InvalidOperationException($"{component} ended {result.Status}: {result.Reason}");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Karma.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
