using Karma.Core.Model;

namespace Karma.Core.Analysis;

/// <summary>
/// What turns one graph of an environment into the next: nodes added, updated (any field differs), removed, and
/// edges added and removed (edges are identified by <see cref="DependencyEdge.Key"/>, so they are never "updated").
/// Graph stores use it to write only what changed.
/// </summary>
public sealed record GraphDelta(
    IReadOnlyList<ComponentNode> AddedNodes,
    IReadOnlyList<ComponentNode> UpdatedNodes,
    IReadOnlyList<ComponentId> RemovedNodes,
    IReadOnlyList<DependencyEdge> AddedEdges,
    IReadOnlyList<DependencyEdge> RemovedEdges)
{
    public bool IsEmpty => AddedNodes.Count + UpdatedNodes.Count + RemovedNodes.Count + AddedEdges.Count + RemovedEdges.Count == 0;

    /// <summary>The delta from <paramref name="previous"/> (null: nothing stored yet) to <paramref name="next"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="next"/> names a node twice or holds a node of another environment.</exception>
    public static GraphDelta Compute(ComponentGraph? previous, ComponentGraph next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Compute(
            previous?.Nodes.ToDictionary(n => n.Id) ?? [],
            previous?.Edges.ToHashSet() ?? [],
            next);
    }

    /// <summary>
    /// The delta from a stored state given as lookups (avoids rebuilding them for every write). Edges are compared
    /// by value, which is the same as comparing their <see cref="DependencyEdge.Key"/> without building the strings.
    /// </summary>
    public static GraphDelta Compute(
        IReadOnlyDictionary<ComponentId, ComponentNode> previousNodes,
        IReadOnlySet<DependencyEdge> previousEdges,
        ComponentGraph next)
    {
        ArgumentNullException.ThrowIfNull(previousNodes);
        ArgumentNullException.ThrowIfNull(previousEdges);
        ArgumentNullException.ThrowIfNull(next);
        var nextIds = new HashSet<ComponentId>();
        var added = new List<ComponentNode>();
        var updated = new List<ComponentNode>();
        foreach (var node in next.Nodes)
        {
            if (!nextIds.Add(node.Id))
            {
                throw new ArgumentException($"The graph holds component {node.Id} twice.", nameof(next));
            }

            if (!string.Equals(node.Environment, next.Environment, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Component {node.Id} belongs to environment '{node.Environment}', not to the graph's '{next.Environment}'.", nameof(next));
            }

            if (!previousNodes.TryGetValue(node.Id, out var before))
            {
                added.Add(node);
            }
            else if (before != node)
            {
                updated.Add(node);
            }
        }

        var removed = previousNodes.Keys.Where(id => !nextIds.Contains(id)).Order().ToArray();
        var nextEdges = new HashSet<DependencyEdge>(next.Edges.Count);
        var addedEdges = new List<DependencyEdge>();
        foreach (var edge in next.Edges)
        {
            if (nextEdges.Add(edge) && !previousEdges.Contains(edge))
            {
                addedEdges.Add(edge);
            }
        }

        var removedEdges = previousEdges.Where(e => !nextEdges.Contains(e)).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        return new GraphDelta(added, updated, removed, addedEdges, removedEdges);
    }
}
