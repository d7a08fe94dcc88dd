using Karma.Gremlin.Graph;
using Karma.Gremlin.Protocol;
using Karma.Gremlin.Tests.Peer;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.Client;

public sealed class GremlinClientProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task SeedAsync(GremlinClient client, int count)
    {
        var traversal = GraphTraversal.G();
        for (var i = 0; i < count; i++)
        {
            traversal.MergeV(new Dictionary<object, object?> { [T.Id] = $"v{i}" })
                .Option(Merge.OnCreate, new Dictionary<object, object?> { [T.Label] = "thing", ["n"] = i });
        }

        await client.SubmitAsync(traversal, Ct);
    }

    [Fact]
    public async Task Partial_responses_are_accumulated_until_the_terminal_status()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.ResultBatchSize = 10;
        await using var client = TestClients.For(peer);
        await SeedAsync(client, 45);

        var ids = await client.SubmitAsync(GraphTraversal.G().V().Id(), Ct);

        Assert.Equal(45, ids.Count);
        Assert.Equal(Enumerable.Range(0, 45).Select(i => (object?)$"v{i}").Order(), ids.Order());
        Assert.Equal(4, peer.PartialMessagesSent); // 10+10+10+10 partial, 5 in the final 200
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public async Task Large_responses_split_over_many_frames_are_reassembled()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.ResultBatchSize = 1000;
        await using var client = TestClients.For(peer);
        await SeedAsync(client, 600);

        var maps = await client.SubmitAsync(GraphTraversal.G().V().ElementMap(), Ct);

        Assert.Equal(600, maps.Count);
        Assert.All(maps, map => Assert.Equal("thing", ((Dictionary<object, object?>)map!)[T.Label]));
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public async Task Every_request_is_a_binary_bytecode_frame_with_a_fresh_request_id()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer, maxConnections: 1);

        for (var i = 0; i < 5; i++)
        {
            await client.SubmitAsync(GraphTraversal.G().V().Count(), Ct);
        }

        Assert.Equal(5, peer.Requests.Select(request => request.RequestId).Distinct().Count());
        Assert.All(peer.Requests, request => Assert.Equal("bytecode", request.Op));
        Assert.Equal(1, peer.ConnectionsAccepted);
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public async Task Empty_results_come_back_as_204_and_an_empty_list()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer);

        var results = await client.SubmitAsync(GraphTraversal.G().V("missing"), Ct);

        Assert.Empty(results);
    }

    [Fact]
    public async Task Parallel_requests_never_open_more_connections_than_the_pool_allows()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer, maxConnections: 3);
        await SeedAsync(client, 20);

        var counts = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.SubmitAsync(GraphTraversal.G().V().Count(), Ct)));

        Assert.All(counts, result => Assert.Equal(20L, result.Single()));
        Assert.InRange(peer.MaxConcurrentConnections, 1, 3);
        Assert.InRange(client.Stats.ConnectionsOpened, 1, 3);
    }

    [Fact]
    public async Task An_evaluation_error_597_is_reported_and_not_retried()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer);

        var error = await Assert.ThrowsAsync<GremlinServerException>(() => client.SubmitAsync(GraphTraversal.G().V().Step("unknownStep"), Ct));

        Assert.Equal(597, error.StatusCode);
        Assert.False(error.IsRetryable);
        Assert.Contains("unknownStep", error.Message, StringComparison.Ordinal);
        Assert.Single(peer.BytecodeRequests);
    }
}
