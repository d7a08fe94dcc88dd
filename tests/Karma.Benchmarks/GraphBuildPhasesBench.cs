using System.Diagnostics;
using System.Globalization;
using Karma.Activities.Git;
using Karma.Activities.GraphStore;
using Karma.Activities.ParameterStore;
using Karma.Core.Analysis;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench graph-build-phases [--components 10000] [--cache DIR]</c>: where a graph build's time goes, in process, on the
/// repo <c>bench graph-build</c> caches: reading the Git config, reading Parameter Store, building and analysing, the
/// first write and an unchanged write, each with its CPU time (the machine is shared, so CPU is the steadier number).
/// </summary>
internal static class GraphBuildPhasesBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--components");
        var size = index >= 0 ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 10_000;
        index = Array.IndexOf(args, "--cache");
        var repo = await GraphBenchRepo.OpenOrCreateAsync(index >= 0 ? args[index + 1] : Path.Combine(Path.GetTempPath(), "karma-bench"), size);
        var home = Path.Combine(Path.GetTempPath(), $"karma-bench-phases-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        try
        {
            using var parameters = new LocalParameterStore(repo.ParametersDb);
            using var store = new SqliteGraphStore(Path.Combine(home, "graph.db"));
            var source = new GitSource(repo.Repo, "main");
            var loader = new GitConfigLoader(home);
            await loader.LoadAsync(source, GraphBenchRepo.Environment, CancellationToken.None);
            var config = await Phase("git config", () => loader.LoadAsync(source, GraphBenchRepo.Environment, CancellationToken.None));
            var snapshot = await Phase("parameter store", () => new ParameterSnapshotReader(parameters).ReadAsync(GraphBenchRepo.Prefix, CancellationToken.None));
            var result = await Phase("build + analyse", () => Task.FromResult(GraphBuilder.Build(config.Config, snapshot)));
            await Phase("first write", () => store.WriteAsync(result.Graph, CancellationToken.None));
            await Phase("unchanged write", () => store.WriteAsync(result.Graph, CancellationToken.None));
            using var fresh = new SqliteGraphStore(Path.Combine(home, "graph.db"));
            await Phase("load stored graph", () => fresh.LoadLatestAsync(GraphBenchRepo.Environment, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }

        return 0;
    }

    private static async Task<T> Phase<T>(string name, Func<Task<T>> run)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await run();
        clock.Stop();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"graph-build-phases: {name,-18} {clock.Elapsed.TotalMilliseconds,8:F0} ms wall {(self.TotalProcessorTime - cpu).TotalMilliseconds,8:F0} ms CPU  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return result;
    }
}
