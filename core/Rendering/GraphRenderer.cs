using Karma.Core.Analysis;
using Karma.Core.Model;

namespace Karma.Core.Rendering;

/// <summary>Renders a component graph as text. Output is deterministic: nodes by id, edges by (from, label, to, path).</summary>
public static class GraphRenderer
{
    public static string Render(ComponentGraph graph, GraphFormat format)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = GraphOrder.Sorted(graph.Nodes);
        var edges = GraphOrder.Sorted(graph.Edges);
        return format switch
        {
            GraphFormat.Table => TableGraphRenderer.Render(nodes, edges),
            GraphFormat.Json => JsonGraphRenderer.Render(graph, nodes, edges),
            GraphFormat.Dot => DotGraphRenderer.Render(graph, nodes, DependencyArrows(edges)),
            GraphFormat.Mermaid => MermaidGraphRenderer.Render(nodes, DependencyArrows(edges)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown graph format."),
        };
    }

    /// <summary>A short state word for a node: orphan, drift, not-applied, ok, or "-" when unknown.</summary>
    public static string State(ComponentNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.IsOrphan)
        {
            return "orphan";
        }

        var states = new List<string>();
        if (node.ConfigDrift == true)
        {
            states.Add("drift");
        }

        if (node.HasRuntime == false)
        {
            states.Add("not-applied");
        }

        return states.Count > 0 ? string.Join(",", states) : node.HasRuntime is null ? "-" : "ok";
    }

    // Diagrams draw one arrow per consumer → provider pair and label; emits_runtime_to only mirrors
    // consumes_runtime_from, so it is drawn only where it has no mirror (e.g. a graph loaded from elsewhere).
    private static (ComponentId From, ComponentId To, EdgeLabel Label)[] DependencyArrows(IEnumerable<DependencyEdge> edges)
    {
        var list = edges.ToArray();
        var consumes = list.Where(e => e.Label == EdgeLabel.ConsumesRuntimeFrom).Select(e => (e.From, e.To)).ToHashSet();
        return list
            .Where(e => e.Label != EdgeLabel.EmitsRuntimeTo || !consumes.Contains((e.To, e.From)))
            .Select(e => e.Label == EdgeLabel.EmitsRuntimeTo ? (e.To, e.From, EdgeLabel.ConsumesRuntimeFrom) : (e.From, e.To, e.Label))
            .Distinct()
            .OrderBy(a => a.Item1).ThenBy(a => a.Item2).ThenBy(a => a.Item3)
            .ToArray();
    }
}
