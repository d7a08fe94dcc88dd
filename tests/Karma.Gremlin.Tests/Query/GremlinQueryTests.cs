using Karma.Gremlin.Graph;
using Karma.Gremlin.Query;
using Karma.Gremlin.Tests.Client;
using Karma.Gremlin.Tests.Peer;

namespace Karma.Gremlin.Tests.Query;

public sealed class GremlinQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_query_is_sent_as_an_eval_script_and_results_come_back_json_friendly()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.EvalHandler = _ =>
        [
            new Dictionary<object, object?> { [T.Id] = "component:prod:vpc/main", [T.Label] = "Component", ["built_at"] = DateTimeOffset.FromUnixTimeMilliseconds(0) },
            new Vertex("v1", "Component", new Dictionary<string, IReadOnlyList<VertexProperty>> { ["type"] = [new VertexProperty(1L, "type", "vpc")] }),
            42L,
        ];
        await using var client = TestClients.For(peer);

        var results = await client.QueryAsync("g.V().elementMap()", allowWrite: false, Ct);

        var eval = Assert.Single(peer.Requests);
        Assert.Equal("eval", eval.Op);
        Assert.Equal("g.V().elementMap()", eval.Args["gremlin"]);
        Assert.Equal(
            """[{"id":"component:prod:vpc/main","label":"Component","built_at":"1970-01-01T00:00:00.0000000\u002B00:00"},{"id":"v1","label":"Component","properties":{"type":["vpc"]}},42]""",
            GremlinJson.Serialize(results, indented: false));
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public async Task A_refused_query_never_reaches_the_server()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer);

        await Assert.ThrowsAsync<GremlinQueryRejectedException>(() => client.QueryAsync("g.V().drop()", allowWrite: false, Ct));

        Assert.Empty(peer.Requests);
    }

    [Fact]
    public void Maps_render_as_a_table_with_one_column_per_key()
    {
        var table = GremlinResultTable.Render(
        [
            new Dictionary<object, object?> { [T.Id] = "a", ["type"] = "vpc" },
            new Dictionary<object, object?> { [T.Id] = "bb", ["nickname"] = "main" },
        ]);

        Assert.Equal("id  type  nickname\n--  ----  --------\na   vpc           \nbb        main    \n(2 rows)", table);
    }

    [Fact]
    public void Scalars_render_as_a_single_value_column()
    {
        Assert.Equal("value\n-----\n3    \n(1 row)", GremlinResultTable.Render([3L]));
    }
}
