using System.Diagnostics;
using System.Globalization;
using Karma.Core.Model;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Neptune;
using Karma.Gremlin.Protocol;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench gremlin [--components 10000] [--iterations 15] [--batch 200]</c>: the client-side cost of a Neptune graph
/// write — delta, bytecode batching, GraphSON 3 serialisation and WebSocket framing of every request — for a full
/// write and for a one-component delta, plus decoding the elementMap() responses the store reads. Target: a 10k
/// full write serialised and framed in under 500 ms. Requests per write are reported (the store adds 3 reads and
/// 2 build-metadata updates to every write). No server is involved: network time is Neptune's, not Karma's.
/// </summary>
internal static class GremlinBench
{
    private const string Environment = "bench";

    public static Task<int> RunAsync(string[] args)
    {
        var components = int.Parse(Option(args, "--components") ?? "10000", CultureInfo.InvariantCulture);
        var iterations = int.Parse(Option(args, "--iterations") ?? "15", CultureInfo.InvariantCulture);
        var batch = int.Parse(Option(args, "--batch") ?? "200", CultureInfo.InvariantCulture);

        var graph = Generate(components, "commit-1");
        var changed = ChangeOne(graph, components / 2);
        Console.WriteLine($"gremlin bench: {components} components, {graph.Edges.Count} edges, batch {batch} records / 1500 steps, {iterations} iterations (median, min)");
        Console.WriteLine();
        Console.WriteLine("scenario              requests  +store_overhead  bytes_framed   plan+serialise+frame_ms (wall median, min, cpu median)");

        Report("full write", () => Frame(ComponentGraphDelta.Compute(null, graph), batch), iterations);
        Report("one-component delta", () => Frame(ComponentGraphDelta.Compute(graph, changed), batch), iterations);
        Report("no change", () => Frame(ComponentGraphDelta.Compute(graph, graph), batch), iterations);

        var vertexResponse = GremlinMessageCodec.EncodeResponse(new GremlinResponse(Guid.NewGuid(), 200, string.Empty, new Dictionary<object, object?>(),
            graph.Nodes.Select(node => (object?)new Traverser(1, ElementMap(node))).ToList()));
        var decode = Measure(() => GremlinMessageCodec.DecodeResponse(vertexResponse), iterations);
        Console.WriteLine();
        Console.WriteLine($"decode {components} Component elementMap() results ({vertexResponse.Length / 1024} KB): median {decode.Median:F1} ms, min {decode.Min:F1} ms, cpu {decode.CpuMedian:F1} ms");
        return Task.FromResult(0);
    }

    private static (int Requests, long Bytes) Frame(ComponentGraphDelta delta, int batch)
    {
        var plan = NeptuneWritePlan.Create(Environment, delta, batch, 1500);
        long bytes = 0;
        foreach (var request in plan.Phases.SelectMany(phase => phase))
        {
            bytes += GremlinMessageCodec.EncodeRequest(GremlinRequest.ForBytecode(Guid.NewGuid(), request)).Length;
        }

        return (plan.RequestCount, bytes);
    }

    private static void Report(string name, Func<(int Requests, long Bytes)> run, int iterations)
    {
        var (requests, bytes) = run();
        var timing = Measure(() => run(), iterations);
        var overhead = requests == 0 ? 3 : requests + 5;
        Console.WriteLine($"{name,-20}  {requests,8}  {overhead,15}  {bytes,12:N0}   {timing.Median,8:F1} (min {timing.Min:F1}, cpu {timing.CpuMedian:F1})");
    }

    // Wall time and this process's CPU time: on a shared, loaded machine the CPU time is the steadier number.
    private static (double Median, double Min, double CpuMedian) Measure(Action action, int iterations)
    {
        action(); // warm-up: JIT and first-use allocations
        var samples = new List<double>();
        var cpu = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < iterations; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        samples.Sort();
        cpu.Sort();
        return (samples[samples.Count / 2], samples[0], cpu[cpu.Count / 2]);
    }

    /// <summary>A system shaped like Karma's: a quarter networks/buckets/databases, the rest consumers with 2–3 references each.</summary>
    private static ComponentGraph Generate(int count, string commit)
    {
        var providers = new List<ComponentId>();
        var nodes = new List<ComponentNode>(count);
        var edges = new List<DependencyEdge>(count * 3);
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            var isProvider = i % 4 == 0;
            var id = isProvider ? new ComponentId(i % 8 == 0 ? "vpc" : "s3-bucket", $"p-{i}") : new ComponentId("lambda", $"fn-{i}");
            nodes.Add(new ComponentNode(
                id, Environment, $"/iac/{Environment}/{id.Type}/{id.Nickname}/config", $"/iac/{Environment}/{id.Type}/{id.Nickname}/runtime",
                Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + new string('0', 48), commit));
            if (isProvider)
            {
                providers.Add(id);
                continue;
            }

            foreach (var provider in Enumerable.Range(0, random.Next(1, 3)).Select(_ => providers[random.Next(providers.Count)]).Distinct())
            {
                var path = $"$.functions.api.{provider.Type.Replace('-', '_')}_nickname";
                edges.Add(new DependencyEdge(id, provider, EdgeLabel.ConsumesRuntimeFrom, path));
                edges.Add(new DependencyEdge(provider, id, EdgeLabel.EmitsRuntimeTo, path));
            }

            edges.Add(new DependencyEdge(id, providers[^1], EdgeLabel.DependsOn, "$.depends_on[0]"));
        }

        return new ComponentGraph(Environment, commit, nodes, edges.DistinctBy(edge => edge.Key).ToList());
    }

    private static ComponentGraph ChangeOne(ComponentGraph graph, int index)
    {
        var nodes = graph.Nodes.ToList();
        nodes[index] = nodes[index] with { ConfigHash = new string('f', 64), LastChangeId = "chg-1" };
        var extra = new DependencyEdge(nodes[index].Id, nodes[0].Id, EdgeLabel.DependsOn, "$.depends_on[1]");
        return graph with { Nodes = nodes, Edges = [.. graph.Edges, extra] };
    }

    private static Dictionary<object, object?> ElementMap(ComponentNode node) => new()
    {
        [T.Id] = NeptuneSchema.ComponentVertexId(Environment, node.Id),
        [T.Label] = NeptuneSchema.ComponentLabel,
        [NeptuneSchema.Type] = node.Id.Type,
        [NeptuneSchema.Nickname] = node.Id.Nickname,
        [NeptuneSchema.Environment] = node.Environment,
        [NeptuneSchema.ConfigPath] = node.ConfigPath,
        [NeptuneSchema.RuntimePath] = node.RuntimePath,
        [NeptuneSchema.ConfigHash] = node.ConfigHash,
        [NeptuneSchema.GitCommit] = node.GitCommit,
    };

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
