using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Gremlin.Neptune;

namespace Karma.Gremlin.Tests.Store;

/// <summary>The store's round trip: write, load, delta, delete. Runs against the peer, or a real server (see <see cref="GremlinTarget"/>).</summary>
public sealed class NeptuneGraphStoreRoundTripTests(GremlinTarget target) : IClassFixture<GremlinTarget>, IAsyncDisposable
{
    private readonly GremlinClient _client = target.CreateClient();
    private readonly string _environment = GremlinTarget.NewEnvironment();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NeptuneGraphStore Store() => new(_client, target.Options) { ReadRetryDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task A_written_graph_loads_back_identically_as_version_1()
    {
        var graph = SampleGraphs.Create(_environment, 30);

        var result = await Store().WriteAsync(graph, Ct);
        var loaded = await Store().LoadLatestAsync(_environment, Ct);

        Assert.Equal(new GraphWriteResult(1, 30, 0, 0, graph.Edges.Count, 0), result);
        Assert.NotNull(loaded);
        Assert.Equal(1, loaded.Version);
        Assert.Equal("c0ffee", loaded.Graph.GitCommit);
        Assert.Equal(SampleGraphs.Canonical(graph), SampleGraphs.Canonical(loaded.Graph));
        Assert.True(loaded.BuiltAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Writing_the_same_graph_again_changes_nothing_and_sends_no_writes()
    {
        var graph = SampleGraphs.Create(_environment, 12);
        await Store().WriteAsync(graph, Ct);
        var before = _client.Stats.RequestsSent;

        var result = await Store().WriteAsync(graph, Ct);

        Assert.True(result.Unchanged);
        Assert.Equal(1, result.Version);
        Assert.Equal(3, _client.Stats.RequestsSent - before); // build metadata, vertices, edges: reads only
    }

    [Fact]
    public async Task Only_the_delta_is_written_and_the_result_counts_it()
    {
        var first = SampleGraphs.Create(_environment, 12);
        await Store().WriteAsync(first, Ct);
        var changed = first.Nodes[1] with { ConfigHash = "changed", LastChangeId = "chg-42" };
        var removed = first.Nodes[2].Id;
        var added = SampleGraphs.Node(_environment, new ComponentId("bucket", "assets"));
        var nodes = first.Nodes.Where(node => node.Id != removed && node.Id != changed.Id).Append(changed).Append(added).ToList();
        var edges = first.Edges.Where(edge => edge.From != removed && edge.To != removed)
            .Append(new DependencyEdge(changed.Id, added.Id, EdgeLabel.DependsOn, "$.depends_on[1]"))
            .ToList();
        var second = first with { Nodes = nodes, Edges = edges };
        var before = _client.Stats.RequestsSent;

        var result = await Store().WriteAsync(second, Ct);
        var requests = _client.Stats.RequestsSent - before;
        var loaded = await Store().LoadLatestAsync(_environment, Ct);

        Assert.Equal(new GraphWriteResult(2, 1, 1, 1, 1, 3), result);
        Assert.Equal(SampleGraphs.Canonical(second), SampleGraphs.Canonical(loaded!.Graph));
        Assert.Equal(2, loaded.Version);
        // 3 reads + building + (vertex drop, vertex upserts, edge upsert) + ready
        Assert.Equal(8, requests);
    }

    [Fact]
    public async Task A_property_that_becomes_null_is_removed_not_kept()
    {
        var graph = SampleGraphs.Create(_environment, 4);
        await Store().WriteAsync(graph, Ct);
        var orphaned = graph with { Nodes = graph.Nodes.Select((node, i) => i == 0 ? node with { ConfigHash = null, GitCommit = null } : node).ToList() };

        var result = await Store().WriteAsync(orphaned, Ct);
        var loaded = await Store().LoadLatestAsync(_environment, Ct);

        Assert.Equal(1, result.NodesUpdated);
        var node = loaded!.Graph.Nodes.Single(n => n.Id == graph.Nodes[0].Id);
        Assert.Null(node.ConfigHash);
        Assert.Null(node.GitCommit);
    }

    [Fact]
    public async Task Edges_removed_between_surviving_components_are_dropped()
    {
        var graph = SampleGraphs.Create(_environment, 8);
        await Store().WriteAsync(graph, Ct);
        var fewer = graph with { Edges = graph.Edges.Where(edge => edge.Label != EdgeLabel.EmitsRuntimeTo).ToList() };

        var result = await Store().WriteAsync(fewer, Ct);
        var loaded = await Store().LoadLatestAsync(_environment, Ct);

        Assert.Equal(graph.Edges.Count(edge => edge.Label == EdgeLabel.EmitsRuntimeTo), result.EdgesRemoved);
        Assert.Equal(SampleGraphs.Canonical(fewer), SampleGraphs.Canonical(loaded!.Graph));
    }

    [Fact]
    public async Task An_environment_never_written_loads_as_null_and_environments_are_isolated()
    {
        await Store().WriteAsync(SampleGraphs.Create(_environment, 4), Ct);

        var other = await Store().LoadLatestAsync(GremlinTarget.NewEnvironment(), Ct);

        Assert.Null(other);
    }

    [Fact]
    public async Task Writing_an_empty_graph_removes_every_component()
    {
        var graph = SampleGraphs.Create(_environment, 6);
        await Store().WriteAsync(graph, Ct);

        var result = await Store().WriteAsync(graph with { Nodes = [], Edges = [] }, Ct);
        var loaded = await Store().LoadLatestAsync(_environment, Ct);

        Assert.Equal(6, result.NodesRemoved);
        Assert.Empty(loaded!.Graph.Nodes);
        Assert.Empty(loaded.Graph.Edges);
    }

    public async ValueTask DisposeAsync()
    {
        await GremlinTarget.DropEnvironmentAsync(_client, _environment);
        await _client.DisposeAsync();
    }
}
