using Karma.Core.Model;

namespace Karma.Core.Analysis;

/// <summary>
/// The canonical order of a graph: nodes by id, edges by (from, label, to, JSON path), all ordinal. Builders and
/// stores emit graphs in this order, which makes output deterministic and lets deltas be computed by merging.
/// </summary>
public static class GraphOrder
{
    public static IComparer<ComponentNode> Nodes { get; } = Comparer<ComponentNode>.Create((a, b) => a.Id.CompareTo(b.Id));

    /// <summary>Compares every field of an edge, so 0 means the edges are equal.</summary>
    public static IComparer<DependencyEdge> Edges { get; } = Comparer<DependencyEdge>.Create(CompareEdges);

    public static ComponentNode[] Sorted(IReadOnlyList<ComponentNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var array = nodes.ToArray();
        if (!IsSorted(array, Nodes))
        {
            Array.Sort(array, Nodes);
        }

        return array;
    }

    public static DependencyEdge[] Sorted(IReadOnlyList<DependencyEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var array = edges.ToArray();
        if (!IsSorted(array, Edges))
        {
            Array.Sort(array, Edges);
        }

        return array;
    }

    /// <summary>The same graph with nodes and edges in canonical order and duplicate edges dropped.</summary>
    public static ComponentGraph Canonical(ComponentGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph with { Nodes = Sorted(graph.Nodes), Edges = DistinctSorted(graph.Edges) };
    }

    /// <summary>Edges in canonical order without duplicates.</summary>
    public static DependencyEdge[] DistinctSorted(IReadOnlyList<DependencyEdge> edges)
    {
        var sorted = Sorted(edges);
        var count = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (count == 0 || CompareEdges(sorted[count - 1], sorted[i]) != 0)
            {
                sorted[count++] = sorted[i];
            }
        }

        return count == sorted.Length ? sorted : sorted[..count];
    }

    private static int CompareEdges(DependencyEdge? a, DependencyEdge? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        var order = a.From.CompareTo(b.From);
        if (order != 0)
        {
            return order;
        }

        order = a.Label.CompareTo(b.Label);
        if (order != 0)
        {
            return order;
        }

        order = a.To.CompareTo(b.To);
        return order != 0 ? order : string.CompareOrdinal(a.JsonPath, b.JsonPath);
    }

    private static bool IsSorted<T>(T[] items, IComparer<T> comparer)
    {
        for (var i = 1; i < items.Length; i++)
        {
            if (comparer.Compare(items[i - 1], items[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
