using Karma.Core.Model;

namespace Karma.Core.Analysis;

/// <summary>
/// What turns one graph of an environment into the next: nodes added, updated (any field differs), removed, and
/// edges added and removed (an edge is all of its fields, so edges are never "updated").
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
    /// <remarks>
    /// Both graphs are brought into <see cref="GraphOrder"/> (a no-op check for graphs that already are, as built and
    /// stored graphs are) and merged, so a delta costs ordinal comparisons rather than hashing every edge.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="next"/> names a node twice or holds a node of another environment.</exception>
    public static GraphDelta Compute(ComponentGraph? previous, ComponentGraph next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return ComputeCanonical(
            previous is null ? new ComponentGraph(next.Environment, null, [], []) : GraphOrder.Canonical(previous),
            GraphOrder.Canonical(next));
    }

    /// <summary>
    /// The delta between two graphs already in canonical form (<see cref="GraphOrder.Canonical"/>): sorted, no
    /// duplicate edges. Skips re-checking that, which matters to stores writing large graphs often.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="next"/> names a node twice or holds a node of another environment.</exception>
    public static GraphDelta ComputeCanonical(ComponentGraph previous, ComponentGraph next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var before = previous.Nodes;
        var after = next.Nodes;
        Validate(after, next.Environment);

        var added = new List<ComponentNode>();
        var updated = new List<ComponentNode>();
        var removed = new List<ComponentId>();
        Merge(before, after, GraphOrder.Nodes,
            onlyBefore: node => removed.Add(node.Id),
            onlyAfter: added.Add,
            both: (old, current) =>
            {
                if (old != current)
                {
                    updated.Add(current);
                }
            });

        var addedEdges = new List<DependencyEdge>();
        var removedEdges = new List<DependencyEdge>();
        Merge(
            previous.Edges,
            next.Edges,
            GraphOrder.Edges,
            onlyBefore: removedEdges.Add,
            onlyAfter: addedEdges.Add,
            both: (_, _) => { });

        return new GraphDelta(added, updated, removed, addedEdges, removedEdges);
    }

    /// <summary>Checks a graph's nodes (in canonical order) for duplicates and foreign environments.</summary>
    public static void Validate(IReadOnlyList<ComponentNode> sortedNodes, string environment)
    {
        ArgumentNullException.ThrowIfNull(sortedNodes);
        for (var i = 0; i < sortedNodes.Count; i++)
        {
            var node = sortedNodes[i];
            if (i > 0 && sortedNodes[i - 1].Id == node.Id)
            {
                throw new ArgumentException($"The graph holds component {node.Id} twice.", nameof(sortedNodes));
            }

            if (!string.Equals(node.Environment, environment, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Component {node.Id} belongs to environment '{node.Environment}', not to the graph's '{environment}'.", nameof(sortedNodes));
            }
        }
    }

    private static void Merge<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, IComparer<T> comparer, Action<T> onlyBefore, Action<T> onlyAfter, Action<T, T> both)
    {
        int i = 0, j = 0;
        while (i < before.Count || j < after.Count)
        {
            var order = i == before.Count ? 1 : j == after.Count ? -1 : comparer.Compare(before[i], after[j]);
            if (order < 0)
            {
                onlyBefore(before[i++]);
            }
            else if (order > 0)
            {
                onlyAfter(after[j++]);
            }
            else
            {
                both(before[i++], after[j++]);
            }
        }
    }
}
