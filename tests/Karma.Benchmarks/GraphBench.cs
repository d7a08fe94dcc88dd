using System.Diagnostics;
using System.Globalization;
using Karma.Activities.GraphStore;
using Karma.Core.Analysis;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench graph [--sizes 1000,10000,100000] [--deltas 5] [--dir PATH]</c>: inference + analysis, full SQLite write,
/// one-component rebuild and delta write, and memory, on generated systems. Targets: 10k full build &lt; 3 s,
/// one-component delta store time &lt; 50 ms, peak working set &lt; 500 MB at 100k. input_MB is the generated Git and
/// Parameter Store text held in memory (what any build must read); managed_MB is live managed memory after the full write;
/// peak_build_MB is the peak working set of one analyse + full write; peak_ws_MB also covers the rebuilds, delta writes
/// and a cold load in the same process.
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
        Console.WriteLine("Times are wall ms, with this process's CPU ms in parentheses (on a shared, loaded machine the CPU time is the steadier number).");
        Console.WriteLine();
        Console.WriteLine("components   edges  refs/comp  diags  analyse        write          full           rebuild       delta_store(median, max)     load          input_MB  managed_MB  peak_build_MB  peak_ws_MB");
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
        var inputMb = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
        var peakIsolated = ResetPeakWorkingSet();

        var clock = Measure.Start();
        var built = GraphBuilder.Build(system.Config, system.Parameters);
        var analyse = clock.Stop();
        if (built.HasErrors)
        {
            throw new InvalidOperationException($"The generated system has errors: {built.Errors.First()}");
        }

        using var store = new SqliteGraphStore(dbPath);
        clock = Measure.Start();
        await store.WriteAsync(built.Graph, CancellationToken.None);
        var write = clock.Stop();
        var managedMb = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
        var buildPeakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;

        var rebuildTimes = new List<Measure>();
        var storeTimes = new List<Measure>();
        var previous = built.Graph;
        var current = system;
        for (var i = 0; i < deltas; i++)
        {
            current = GraphSystemGenerator.ChangeOne(current, (i * 7919) % size, $"commit-{i + 2}");
            clock = Measure.Start();
            var rebuilt = GraphBuilder.Build(current.Config, current.Parameters, previous);
            rebuildTimes.Add(clock.Stop());
            clock = Measure.Start();
            var result = await store.WriteAsync(rebuilt.Graph, CancellationToken.None);
            storeTimes.Add(clock.Stop());
            if (result.NodesUpdated != 1 || result.NodesAdded + result.NodesRemoved + result.EdgesAdded + result.EdgesRemoved != 0)
            {
                throw new InvalidOperationException($"A one-component change wrote more than one node: {result}");
            }

            previous = rebuilt.Graph;
        }

        // A cold reader (new store instance, no cache) loading the whole latest graph.
        using var reader = new SqliteGraphStore(dbPath);
        clock = Measure.Start();
        var loaded = await reader.LoadLatestAsync(system.Config.Environment, CancellationToken.None);
        var load = clock.Stop();
        if (loaded!.Graph.Edges.Count != previous.Edges.Count)
        {
            throw new InvalidOperationException("The loaded graph differs from the written one.");
        }

        var references = built.Graph.Edges.Count(e => e.Label != Karma.Core.Model.EdgeLabel.EmitsRuntimeTo);
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
        var peakNote = peakIsolated ? string.Empty : " (peak includes generation: /proc/self/clear_refs unavailable)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,10}  {built.Graph.Edges.Count,7}  {(double)references / size,9:F2}  {built.Diagnostics.Count,5}  {analyse,-13}  {write,-13}  {analyse + write,-13}  {Median(rebuildTimes),-12}  {Median(storeTimes),-12}, {storeTimes.MaxBy(t => t.WallMs),-12}  {load,-12}  {inputMb,8:F0}  {managedMb,10:F0}  {buildPeakMb,13:F0}  {peakMb,10:F0}{peakNote}"));
    }

    private static Measure Median(List<Measure> values) => values.OrderBy(v => v.WallMs).ElementAt(values.Count / 2);

    /// <summary>Wall and process CPU time of one step.</summary>
    private readonly record struct Measure(double WallMs, double CpuMs)
    {
        public static Started Start() => new(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime);

        public static Measure operator +(Measure a, Measure b) => new(a.WallMs + b.WallMs, a.CpuMs + b.CpuMs);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{WallMs:F1} ({CpuMs:F1})");

        public readonly record struct Started(long Timestamp, TimeSpan Cpu)
        {
            public Measure Stop() => new(
                Stopwatch.GetElapsedTime(Timestamp).TotalMilliseconds,
                (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalMilliseconds);
        }
    }

    // Linux: writing 5 to clear_refs resets the peak resident set, so the peak reported below covers the build,
    // writes and loads of this size (with its input resident) and not the generator's garbage or earlier sizes.
    private static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
