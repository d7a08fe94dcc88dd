using Karma.Core.Analysis;
using Karma.Core.Model;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Analysis;

public class GraphDeltaTests
{
    private static ComponentNode Node(string id, string hash = "h", string environment = "prod") =>
        new(Id(id), environment, $"iac/prod/{id}/config.json", $"/iac/{id}/runtime", hash, "c");

    private static DependencyEdge Edge(string from, string to, string path = "$.x") => new(Id(from), Id(to), EdgeLabel.DependsOn, path);

    private static ComponentGraph Graph(ComponentNode[] nodes, DependencyEdge[] edges) => new("prod", "c", nodes, edges);

    [Fact]
    public void Everything_is_added_when_nothing_was_stored()
    {
        var delta = GraphDelta.Compute(null, Graph([Node("vpc/a"), Node("app/b")], [Edge("app/b", "vpc/a")]));

        Assert.Equal(2, delta.AddedNodes.Count);
        Assert.Single(delta.AddedEdges);
        Assert.Empty(delta.UpdatedNodes);
        Assert.False(delta.IsEmpty);
    }

    [Fact]
    public void Identical_graphs_have_an_empty_delta()
    {
        var graph = Graph([Node("vpc/a"), Node("app/b")], [Edge("app/b", "vpc/a")]);

        Assert.True(GraphDelta.Compute(graph, graph with { Nodes = graph.Nodes.Reverse().ToArray() }).IsEmpty);
    }

    [Fact]
    public void Changes_are_classified()
    {
        var before = Graph([Node("vpc/a"), Node("app/b"), Node("app/c")], [Edge("app/b", "vpc/a"), Edge("app/c", "vpc/a")]);
        var after = Graph(
            [Node("vpc/a"), Node("app/b", hash: "h2"), Node("app/d")],
            [Edge("app/b", "vpc/a"), Edge("app/d", "vpc/a"), Edge("app/b", "vpc/a", "$.y")]);

        var delta = GraphDelta.Compute(before, after);

        Assert.Equal([Id("app/d")], delta.AddedNodes.Select(n => n.Id));
        Assert.Equal([Id("app/b")], delta.UpdatedNodes.Select(n => n.Id));
        Assert.Equal([Id("app/c")], delta.RemovedNodes);
        Assert.Equal(["app/b|depends_on|vpc/a|$.y", "app/d|depends_on|vpc/a|$.x"], delta.AddedEdges.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["app/c|depends_on|vpc/a|$.x"], delta.RemovedEdges.Select(e => e.Key));
    }

    [Fact]
    public void A_change_in_runtime_state_alone_is_an_update()
    {
        var before = Graph([Node("vpc/a") with { HasRuntime = false }], []);
        var after = Graph([Node("vpc/a") with { HasRuntime = true }], []);

        Assert.Single(GraphDelta.Compute(before, after).UpdatedNodes);
    }

    [Fact]
    public void Duplicate_edges_in_the_new_graph_collapse()
    {
        Assert.Single(GraphDelta.Compute(null, Graph([Node("vpc/a"), Node("app/b")], [Edge("app/b", "vpc/a"), Edge("app/b", "vpc/a")])).AddedEdges);
    }

    [Fact]
    public void A_node_named_twice_or_from_another_environment_is_refused()
    {
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => GraphDelta.Compute(null, Graph([Node("vpc/a"), Node("vpc/a")], []))).Message, StringComparison.Ordinal);
        Assert.Contains("'dev'", Assert.Throws<ArgumentException>(() => GraphDelta.Compute(null, Graph([Node("vpc/a", environment: "dev")], []))).Message, StringComparison.Ordinal);
    }
}
