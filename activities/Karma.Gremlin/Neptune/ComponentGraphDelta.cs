using Karma.Core.Model;

namespace Karma.Gremlin.Neptune;

/// <summary>A node that exists in both graphs but differs; <see cref="Before"/> tells which properties to touch.</summary>
public sealed record NodeUpdate(ComponentNode Before, ComponentNode After);

/// <summary>What must change in the store to turn the current graph into the desired one.</summary>
public sealed record ComponentGraphDelta(
    IReadOnlyList<ComponentNode> NodesAdded,
    IReadOnlyList<NodeUpdate> NodesUpdated,
    IReadOnlyList<ComponentId> NodesRemoved,
    IReadOnlyList<DependencyEdge> EdgesAdded,
    IReadOnlyList<DependencyEdge> EdgesRemoved)
{
    public bool IsEmpty => NodesAdded.Count + NodesUpdated.Count + NodesRemoved.Count + EdgesAdded.Count + EdgesRemoved.Count == 0;

    /// <summary>Compares by component id (nodes) and <see cref="DependencyEdge.Key"/> (edges); order of the inputs does not matter.</summary>
    public static ComponentGraphDelta Compute(ComponentGraph? current, ComponentGraph desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var before = (current?.Nodes ?? []).ToDictionary(node => node.Id);
        var after = ToUniqueNodes(desired);
        // Edge records compare by (From, To, Label, JsonPath) — the same identity as DependencyEdge.Key, without building strings.
        var beforeEdges = (current?.Edges ?? []).ToHashSet();
        var afterEdges = desired.Edges.ToHashSet();

        var added = new List<ComponentNode>();
        var updated = new List<NodeUpdate>();
        foreach (var node in after.Values)
        {
            if (!before.TryGetValue(node.Id, out var old))
            {
                added.Add(node);
            }
            else if (old != node)
            {
                updated.Add(new NodeUpdate(old, node));
            }
        }

        return new ComponentGraphDelta(
            added,
            updated,
            before.Keys.Where(id => !after.ContainsKey(id)).Order().ToList(),
            desired.Edges.Distinct().Where(edge => !beforeEdges.Contains(edge)).ToList(),
            beforeEdges.Where(edge => !afterEdges.Contains(edge)).ToList());
    }

    private static Dictionary<ComponentId, ComponentNode> ToUniqueNodes(ComponentGraph graph)
    {
        var nodes = new Dictionary<ComponentId, ComponentNode>();
        foreach (var node in graph.Nodes)
        {
            if (!string.Equals(node.Environment, graph.Environment, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Component {node.Id} belongs to environment '{node.Environment}', not to the graph's '{graph.Environment}'.", nameof(graph));
            }

            if (!nodes.TryAdd(node.Id, node))
            {
                throw new ArgumentException($"Component {node.Id} appears twice in the graph of '{graph.Environment}'.", nameof(graph));
            }
        }

        foreach (var edge in graph.Edges)
        {
            if (!nodes.ContainsKey(edge.From) || !nodes.ContainsKey(edge.To))
            {
                throw new ArgumentException($"Edge {edge.Key} points at a component that is not in the graph of '{graph.Environment}'.", nameof(graph));
            }
        }

        return nodes;
    }
}
