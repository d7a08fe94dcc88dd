using System.Diagnostics;
using System.Globalization;
using Karma.Activities.Git;
using Karma.Activities.Graph;
using Karma.Activities.GraphStore;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench graph-build [--components 1000,10000,100000]</c>: the whole <c>karma graph build</c> path — a local Git
/// checkout, the embedded Parameter Store and the SQLite graph store — on synthetic systems. Reports the full build,
/// a rebuild after one component's config changed in a new commit (total, and graph-store time of its delta write),
/// and the process's peak working set. Each size runs in a fresh process state as far as .NET allows (full GC first).
/// </summary>
internal static class GraphBuildEndToEndBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--components") ?? "1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture));
        Console.WriteLine("graph-build: components | setup s | full build s (load / analyse / write) | one-change rebuild ms (store write ms) | peak MB | sources alone");
        foreach (var size in sizes)
        {
            await RunOneAsync(size);
        }

        return 0;
    }

    private static async Task RunOneAsync(int size)
    {
        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-build-{Guid.NewGuid():N}");
        try
        {
            var setup = Stopwatch.StartNew();
            var system = GraphSystemGenerator.Generate(size);
            var repo = Path.Combine(root, "repo");
            GraphSystemGenerator.WriteConfigFiles(system, repo);
            Git(repo, "init", "-q", "-b", "main");
            Git(repo, "add", "-A");
            Git(repo, "-c", "user.name=bench", "-c", "user.email=bench@karma.local", "commit", "-q", "-m", "generated system");
            using var parameters = new LocalParameterStore(Path.Combine(root, "parameters.db"));
            await PublishAsync(parameters, system);
            using var graph = new SqliteGraphStore(Path.Combine(root, "graph.db"));
            var service = new GraphBuildService(new GitConfigLoader(Path.Combine(root, "home")), parameters, graph);
            var sources = new GraphSources(new GitSource(repo), "/iac", system.Config.Environment);
            var setupTime = setup.Elapsed;

            var sourcesTime = await TimeSourcesAsync(root, repo, parameters, system.Config.Environment);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var full = Stopwatch.StartNew();
            var first = await service.BuildAsync(sources, CancellationToken.None);
            full.Stop();
            Require(first.Write is { NodesAdded: > 0 }, $"the first build wrote nothing: {first.Result.Errors.FirstOrDefault()}");

            var changed = GraphSystemGenerator.ChangeOne(system, size / 2, "ignored");
            var document = changed.Config.Documents[size / 2];
            await File.WriteAllTextAsync(Path.Combine(repo, document.RepoPath), document.RawJson + "\n");
            Git(repo, "-c", "user.name=bench", "-c", "user.email=bench@karma.local", "commit", "-q", "-am", "change one component");
            var rebuild = Stopwatch.StartNew();
            var second = await service.BuildAsync(sources, CancellationToken.None);
            rebuild.Stop();
            Require(second.Write is { NodesUpdated: 1 }, $"the rebuild did not update exactly one node: {second.Write}");

            using var self = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"graph-build: {size,7} | {setupTime.TotalSeconds,6:F1} | {full.Elapsed.TotalSeconds,6:F2} ({first.LoadTime.TotalSeconds:F2} / {first.AnalyseTime.TotalSeconds:F2} / {first.WriteTime.TotalSeconds:F2}) | " +
                $"{rebuild.Elapsed.TotalMilliseconds,7:F0} ({second.WriteTime.TotalMilliseconds:F1}) | {self.PeakWorkingSet64 / (1024.0 * 1024):F0} | {sourcesTime}"));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Leftover temp files must not hide the numbers.
            }
        }
    }

    /// <summary>Each input read alone (a warm-up too): Git tree, then Parameter Store by path.</summary>
    private static async Task<string> TimeSourcesAsync(string root, string repo, IParameterStore parameters, string environment)
    {
        var git = Stopwatch.StartNew();
        await new GitConfigLoader(Path.Combine(root, "home")).LoadAsync(new GitSource(repo), environment, CancellationToken.None);
        git.Stop();
        var ssm = Stopwatch.StartNew();
        await new ParameterSnapshotReader(parameters).ReadAsync("/iac", CancellationToken.None);
        ssm.Stop();
        return string.Create(CultureInfo.InvariantCulture, $"git {git.Elapsed.TotalSeconds:F2} s, parameters {ssm.Elapsed.TotalSeconds:F2} s");
    }

    private static async Task PublishAsync(LocalParameterStore store, GeneratedSystem system)
    {
        foreach (var component in system.Parameters.Components)
        {
            var basePath = $"/iac/{component.Id.Type}/{component.Id.Nickname}";
            await store.PutAsync(new ParameterWrite($"{basePath}/config", component.ConfigJson!, Overwrite: true), CancellationToken.None);
            await store.PutAsync(new ParameterWrite($"{basePath}/runtime", component.RuntimeJson!, Overwrite: true), CancellationToken.None);
        }
    }

    private static void Git(string repo, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Require(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
