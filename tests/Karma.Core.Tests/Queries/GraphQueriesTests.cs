using Karma.Core.Model;
using Karma.Core.Queries;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Queries;

public class GraphQueriesTests
{
    // route53-zone/main ← serverless-site/site (depends_on)
    // vpc/main ← lambda/api (runtime) ← serverless-api/api (runtime, depends_on)
    // s3-bucket/logs ← lambda/api (src pair)
    private static GraphQueries System() => new(new TestSystem()
        .Git("route53-zone/main", "{}", deployed: true)
        .Git("serverless-site/site", """{"depends_on":["route53-zone/main"]}""", deployed: true)
        .Git("vpc/main", "{}", deployed: true)
        .Git("s3-bucket/logs", "{}", deployed: true)
        .Git("lambda/api", """{"functions":{"q":{"vpc_nickname":"main"}},"logs":{"src_type":"s3-bucket","src_nickname":"logs"}}""", deployed: true)
        .Git("serverless-api/api", """{"lambda_nickname":"api","depends_on":["lambda/api"]}""", deployed: true)
        .Build().Graph);

    [Fact]
    public void Consumers_are_the_direct_dependents()
    {
        var queries = System();

        Assert.Equal([Id("lambda/api")], queries.Consumers(Id("vpc/main")));
        Assert.Equal([Id("serverless-api/api")], queries.Consumers(Id("lambda/api")));
        Assert.Empty(queries.Consumers(Id("serverless-api/api")));
    }

    [Fact]
    public void Providers_are_the_direct_dependencies()
    {
        Assert.Equal([Id("s3-bucket/logs"), Id("vpc/main")], System().Providers(Id("lambda/api")));
    }

    [Fact]
    public void Downstream_is_transitive_and_excludes_the_component_itself()
    {
        var queries = System();

        Assert.Equal([Id("lambda/api"), Id("serverless-api/api")], queries.Downstream(Id("vpc/main")));
        Assert.Equal([Id("serverless-site/site")], queries.Downstream(Id("route53-zone/main")));
        Assert.Empty(queries.Downstream(Id("serverless-api/api")));
    }

    [Fact]
    public void Upstream_is_transitive()
    {
        Assert.Equal([Id("lambda/api"), Id("s3-bucket/logs"), Id("vpc/main")], System().Upstream(Id("serverless-api/api")));
    }

    [Fact]
    public void Queries_about_an_unknown_component_throw_a_typed_exception()
    {
        var error = Assert.Throws<UnknownComponentException>(() => System().Downstream(Id("vpc/nope")));

        Assert.Equal(Id("vpc/nope"), error.Component);
        Assert.Contains("vpc/nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Orphans_drift_and_never_applied_come_from_node_state()
    {
        var queries = new GraphQueries(new TestSystem()
            .Git("vpc/ok", "{}", deployed: true)
            .Git("vpc/drifted", """{"a":1}""").Stored("vpc/drifted", """{"a":2}""", "{}")
            .Git("vpc/fresh", "{}").Stored("vpc/fresh", "{}", null)
            .Stored("vpc/gone", null, "{}")
            .Build().Graph);

        Assert.Equal([Id("vpc/gone")], queries.Orphans());
        Assert.Equal([Id("vpc/drifted")], queries.Drifted());
        Assert.Equal([Id("vpc/fresh")], queries.NeverApplied());
    }

    [Fact]
    public void Queries_on_an_empty_graph_return_nothing()
    {
        var queries = new GraphQueries(new ComponentGraph("prod", null, [], []));

        Assert.Empty(queries.Orphans());
        Assert.Empty(queries.Drifted());
        Assert.Empty(queries.RolloutWaves([]));
        Assert.Throws<UnknownComponentException>(() => queries.Consumers(Id("vpc/a")));
    }

    [Fact]
    public void Downstream_through_a_cycle_terminates_and_excludes_the_start()
    {
        var queries = new GraphQueries(new TestSystem()
            .Git("a/1", """{"depends_on":["a/2"]}""").Git("a/2", """{"depends_on":["a/1"]}""").Git("a/3", """{"depends_on":["a/2"]}""")
            .BuildFromGit().Graph);

        Assert.Equal([Id("a/2"), Id("a/3")], queries.Downstream(Id("a/1")));
    }

    [Fact]
    public void Emits_edges_alone_are_understood_in_dependency_direction()
    {
        var graph = new ComponentGraph("prod", null,
            [new ComponentNode(Id("vpc/a"), "prod", "c", "r", "h", null), new ComponentNode(Id("app/b"), "prod", "c", "r", "h", null)],
            [new DependencyEdge(Id("vpc/a"), Id("app/b"), EdgeLabel.EmitsRuntimeTo, "$.vpc_nickname")]);

        Assert.Equal([Id("app/b")], new GraphQueries(graph).Consumers(Id("vpc/a")));
    }

    [Fact]
    public void Subgraph_keeps_only_the_named_components_and_their_mutual_edges()
    {
        var sub = System().Subgraph([Id("vpc/main"), Id("lambda/api")]);

        Assert.Equal([Id("lambda/api"), Id("vpc/main")], sub.Nodes.Select(n => n.Id));
        Assert.All(sub.Edges, e => Assert.True(e.From != Id("s3-bucket/logs") && e.To != Id("s3-bucket/logs")));
        Assert.Equal(2, sub.Edges.Count);
    }
}
