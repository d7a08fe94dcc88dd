using System.Diagnostics;
using System.Globalization;
using Karma.Activities.GraphStore;
using Karma.Core.Analysis;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench graph [--sizes 1000,10000,100000] [--deltas 5] [--dir PATH]</c>: inference + analysis, full SQLite write,
/// one-component rebuild and delta write, and memory, on generated systems. Targets: 10k full build &lt; 3 s,
/// one-component delta store time &lt; 50 ms, peak working set &lt; 500 MB at 100k.
/// </summary>
internal static class GraphBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var deltas = int.Parse(Option(args, "--deltas") ?? "5", CultureInfo.InvariantCulture);
        var root = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), $"karma-graph-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        Console.WriteLine($"graph bench: sizes {string.Join(", ", sizes)}; {deltas} one-component deltas each; databases in {root}");
        Console.WriteLine();
        Console.WriteLine("components  edges    refs/comp  diags  analyse_ms  write_ms  full_ms  rebuild_ms  delta_store_ms(median/max)  load_ms  managed_MB  peak_ws_MB");
        try
        {
            foreach (var size in sizes)
            {
                await RunSizeAsync(size, deltas, Path.Combine(root, $"graph-{size}.db"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    private static async Task RunSizeAsync(int size, int deltas, string dbPath)
    {
        var system = GraphSystemGenerator.Generate(size);
        GC.Collect();

        var clock = Stopwatch.StartNew();
        var built = GraphBuilder.Build(system.Config, system.Parameters);
        var analyseMs = clock.Elapsed.TotalMilliseconds;
        if (built.HasErrors)
        {
            throw new InvalidOperationException($"The generated system has errors: {built.Errors.First()}");
        }

        using var store = new SqliteGraphStore(dbPath);
        clock.Restart();
        await store.WriteAsync(built.Graph, CancellationToken.None);
        var writeMs = clock.Elapsed.TotalMilliseconds;
        var managedMb = GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0;

        var rebuildTimes = new List<double>();
        var storeTimes = new List<double>();
        var previous = built.Graph;
        var current = system;
        for (var i = 0; i < deltas; i++)
        {
            current = GraphSystemGenerator.ChangeOne(current, (i * 7919) % size, $"commit-{i + 2}");
            clock.Restart();
            var rebuilt = GraphBuilder.Build(current.Config, current.Parameters, previous);
            rebuildTimes.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            var result = await store.WriteAsync(rebuilt.Graph, CancellationToken.None);
            storeTimes.Add(clock.Elapsed.TotalMilliseconds);
            if (result.NodesUpdated != 1 || result.NodesAdded + result.NodesRemoved + result.EdgesAdded + result.EdgesRemoved != 0)
            {
                throw new InvalidOperationException($"A one-component change wrote more than one node: {result}");
            }

            previous = rebuilt.Graph;
        }

        // A cold reader (new store instance, no cache) loading the whole latest graph.
        using var reader = new SqliteGraphStore(dbPath);
        clock.Restart();
        var loaded = await reader.LoadLatestAsync(system.Config.Environment, CancellationToken.None);
        var loadMs = clock.Elapsed.TotalMilliseconds;
        if (loaded!.Graph.Edges.Count != previous.Edges.Count)
        {
            throw new InvalidOperationException("The loaded graph differs from the written one.");
        }

        var references = built.Graph.Edges.Count(e => e.Label != Karma.Core.Model.EdgeLabel.EmitsRuntimeTo);
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,10}  {built.Graph.Edges.Count,7}  {(double)references / size,9:F2}  {built.Diagnostics.Count,5}  {analyseMs,10:F0}  {writeMs,8:F0}  {analyseMs + writeMs,7:F0}  {Median(rebuildTimes),10:F0}  {Median(storeTimes),14:F1} / {storeTimes.Max(),-9:F1}  {loadMs,7:F0}  {managedMb,10:F0}  {peakMb,10:F0}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
