using Karma.Core.Model;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Neptune;
using Karma.Gremlin.Protocol;
using Karma.Gremlin.Tests.Client;
using Karma.Gremlin.Tests.Peer;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.Store;

/// <summary>Batching, consistency and failure behaviour; needs the scriptable peer.</summary>
public sealed class NeptuneGraphStoreBehaviourTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NeptuneGraphStore Store(GremlinClient client, GremlinTestPeer peer, int batchSize = 50) =>
        new(client, new NeptuneOptions { Endpoint = peer.Endpoint, BatchSize = batchSize, MaxParallelRequests = 4 })
        {
            ReadAttempts = 3,
            ReadRetryDelay = TimeSpan.FromMilliseconds(5),
        };

    // Component writes: one mergeV, mergeE or edge-dropping sideEffect per record. Build-vertex updates are not records.
    private static int Records(Bytecode bytecode) =>
        IsBuildVertex(bytecode.StepInstructions[0]) ? 0 : bytecode.StepInstructions.Count(step => step.Operator is "mergeV" or "mergeE" or "sideEffect");

    private static bool IsBuildVertex(Instruction step) =>
        step.Arguments is [Dictionary<object, object?> map] && map.GetValueOrDefault(T.Id) is string id && id.StartsWith("karma-graph-build", StringComparison.Ordinal);

    [Fact]
    public async Task Writes_are_batched_within_the_record_limit_and_vertices_keep_single_values()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer, maxConnections: 4);
        var graph = SampleGraphs.Create("prod", 400);

        await Store(client, peer, batchSize: 40).WriteAsync(graph, Ct);
        var updated = graph with { Nodes = graph.Nodes.Select(node => node with { GitCommit = "beef" }).ToList(), GitCommit = "beef" };
        await Store(client, peer, batchSize: 40).WriteAsync(updated, Ct);

        var writes = peer.BytecodeRequests.Select(request => (Bytecode)request.Args["gremlin"]!).Where(bytecode => Records(bytecode) > 0).ToList();
        Assert.All(writes, bytecode => Assert.InRange(Records(bytecode), 1, 40));
        Assert.Equal(10 + 23 + 10, writes.Count); // 400 vertices, 900 edges, then 400 updated vertices, 40 per request
        Assert.Equal(["beef"], peer.Graph.PropertyValues(NeptuneSchema.ComponentVertexId("prod", graph.Nodes[0].Id), NeptuneSchema.GitCommit));
        Assert.Equal(400 + 1, peer.Graph.VertexCount);
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public async Task Concurrent_modification_during_a_parallel_write_is_retried_and_the_write_completes()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer, maxConnections: 4);
        var graph = SampleGraphs.Create("prod", 200);
        await Store(client, peer).WriteAsync(SampleGraphs.Create("prod", 4), Ct);
        for (var i = 0; i < 3; i++)
        {
            peer.Script.Enqueue(PeerAction.NeptuneError("ConcurrentModificationException"));
        }

        var result = await Store(client, peer).WriteAsync(graph, Ct);
        var loaded = await Store(client, peer).LoadLatestAsync("prod", Ct);

        Assert.Equal(2, result.Version);
        Assert.Equal(SampleGraphs.Canonical(graph), SampleGraphs.Canonical(loaded!.Graph));
        Assert.Equal(3, client.Stats.Retries);
    }

    [Fact]
    public async Task A_write_that_fails_halfway_hides_the_graph_from_readers_until_a_later_write_repairs_it()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer, maxConnections: 1);
        var first = SampleGraphs.Create("prod", 8);
        await Store(client, peer).WriteAsync(first, Ct);
        var second = SampleGraphs.Create("prod", 80, commit: "second");
        // The write's three reads and its "building" mark go through; its first batch fails for good.
        peer.PassThrough = 4;
        peer.Script.Enqueue(PeerAction.Status(597, "boom"));

        await Assert.ThrowsAsync<GremlinServerException>(() => Store(client, peer).WriteAsync(second, Ct));
        var whileBroken = await Assert.ThrowsAsync<NeptuneGraphBuildInProgressException>(() => Store(client, peer).LoadLatestAsync("prod", Ct));
        var repaired = await Store(client, peer).WriteAsync(second, Ct);
        var loaded = await Store(client, peer).LoadLatestAsync("prod", Ct);

        Assert.Contains("prod", whileBroken.Message, StringComparison.Ordinal);
        Assert.Equal(3, repaired.Version);
        Assert.Equal(3, loaded!.Version);
        Assert.Equal("second", loaded.Graph.GitCommit);
        Assert.Equal(SampleGraphs.Canonical(second), SampleGraphs.Canonical(loaded.Graph));
    }

    [Fact]
    public async Task Invalid_graphs_are_refused_before_anything_is_written()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer);
        var store = Store(client, peer);
        var graph = SampleGraphs.Create("prod", 4);
        var stranger = new ComponentId("vpc", "elsewhere");

        var dangling = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(graph with { Edges = [new DependencyEdge(graph.Nodes[1].Id, stranger, EdgeLabel.DependsOn, "$.x")] }, Ct));
        var duplicate = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(graph with { Nodes = [.. graph.Nodes, graph.Nodes[0]] }, Ct));
        var foreign = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(graph with { Nodes = [graph.Nodes[0] with { Environment = "dev" }], Edges = [] }, Ct));
        var badEnvironment = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(graph with { Environment = "prod:x" }, Ct));

        Assert.Contains("vpc/elsewhere", dangling.Message, StringComparison.Ordinal);
        Assert.Contains("twice", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("'dev'", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("prod:x", badEnvironment.Message, StringComparison.Ordinal);
        Assert.Equal(0, peer.Graph.VertexCount);
    }

    [Fact]
    public async Task Foreign_data_in_the_graph_is_reported_not_guessed()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer);
        await Store(client, peer).WriteAsync(SampleGraphs.Create("prod", 2), Ct);
        await client.SubmitAsync(
            GraphTraversal.G().MergeV(new Dictionary<object, object?> { [T.Id] = "rogue" })
                .Option(Merge.OnCreate, new Dictionary<object, object?> { [T.Label] = "Component", ["environment"] = "prod" }),
            Ct);

        var error = await Assert.ThrowsAsync<NeptuneGraphDataException>(() => Store(client, peer).LoadLatestAsync("prod", Ct));

        Assert.Contains("rogue", error.Message, StringComparison.Ordinal);
        Assert.Contains("'type'", error.Message, StringComparison.Ordinal);
    }
}
