using Karma.Core.Analysis;
using Karma.Core.Model;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Analysis;

public class GraphOrderTests
{
    private static DependencyEdge Edge(string from, EdgeLabel label, string to, string path) => new(Id(from), Id(to), label, path);

    [Fact]
    public void Edges_order_by_from_label_to_and_path_ordinally()
    {
        var edges = new[]
        {
            Edge("b/x", EdgeLabel.DependsOn, "a/x", "$.a"),
            Edge("a/x", EdgeLabel.EmitsRuntimeTo, "b/x", "$.a"),
            Edge("a/x", EdgeLabel.DependsOn, "c/x", "$.a"),
            Edge("a/x", EdgeLabel.DependsOn, "b/x", "$.b"),
            Edge("a/x", EdgeLabel.DependsOn, "b/x", "$.B"),
        };

        Assert.Equal(
            ["a/x|depends_on|b/x|$.B", "a/x|depends_on|b/x|$.b", "a/x|depends_on|c/x|$.a", "a/x|emits_runtime_to|b/x|$.a", "b/x|depends_on|a/x|$.a"],
            GraphOrder.Sorted(edges).Select(e => e.Key));
    }

    [Fact]
    public void Canonical_sorts_nodes_and_drops_duplicate_edges_only()
    {
        var node = new ComponentNode(Id("b/x"), "prod", "c", "r", "h", null);
        var graph = new ComponentGraph("prod", null,
            [node, node with { Id = Id("a/x") }],
            [Edge("a/x", EdgeLabel.DependsOn, "b/x", "$.p"), Edge("a/x", EdgeLabel.DependsOn, "b/x", "$.p"), Edge("a/x", EdgeLabel.DependsOn, "b/x", "$.q")]);

        var canonical = GraphOrder.Canonical(graph);

        Assert.Equal([Id("a/x"), Id("b/x")], canonical.Nodes.Select(n => n.Id));
        Assert.Equal(["$.p", "$.q"], canonical.Edges.Select(e => e.JsonPath));
        Assert.Equal(2, graph.Nodes.Count(n => n.Id == Id("a/x") || n.Id == Id("b/x")));
    }
}
