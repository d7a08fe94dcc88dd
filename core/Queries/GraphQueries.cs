using Karma.Core.Model;

namespace Karma.Core.Queries;

/// <summary>
/// Read-only questions about one component graph. "Provider" and "consumer" follow dependency direction:
/// a consumer depends on (or reads the runtime of) its providers. Results are sorted by component id.
/// </summary>
public sealed class GraphQueries
{
    private readonly Dictionary<ComponentId, ComponentNode> _nodes;

    public GraphQueries(ComponentGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        Index = new DependencyIndex(graph);
        _nodes = [];
        foreach (var node in graph.Nodes)
        {
            _nodes.TryAdd(node.Id, node);
        }
    }

    public ComponentGraph Graph { get; }

    public DependencyIndex Index { get; }

    public bool Contains(ComponentId id) => Index.Contains(id);

    public ComponentNode Node(ComponentId id) =>
        _nodes.TryGetValue(id, out var node) ? node : throw new UnknownComponentException(id);

    /// <summary>Components that depend on <paramref name="id"/> directly (its runtime consumers and depends_on dependents).</summary>
    public IReadOnlyList<ComponentId> Consumers(ComponentId id) => Names(Index.Consumers[Index.IndexOf(id)]);

    /// <summary>Components <paramref name="id"/> depends on directly.</summary>
    public IReadOnlyList<ComponentId> Providers(ComponentId id) => Names(Index.Providers[Index.IndexOf(id)]);

    /// <summary>Everything that depends on <paramref name="id"/>, transitively: what a change to it can affect.</summary>
    public IReadOnlyList<ComponentId> Downstream(ComponentId id) => Reached([Index.IndexOf(id)], Index.Consumers, id);

    /// <summary>Everything <paramref name="id"/> depends on, transitively.</summary>
    public IReadOnlyList<ComponentId> Upstream(ComponentId id) => Reached([Index.IndexOf(id)], Index.Providers, id);

    /// <summary>Components in Parameter Store with no config in Git.</summary>
    public IReadOnlyList<ComponentId> Orphans() => Graph.Nodes.Where(n => n.IsOrphan).Select(n => n.Id).Order().ToArray();

    /// <summary>Components whose Parameter Store config differs from Git (or was never published).</summary>
    public IReadOnlyList<ComponentId> Drifted() => Graph.Nodes.Where(n => n.ConfigDrift == true).Select(n => n.Id).Order().ToArray();

    /// <summary>Components in Git that have no runtime in Parameter Store.</summary>
    public IReadOnlyList<ComponentId> NeverApplied() =>
        Graph.Nodes.Where(n => !n.IsOrphan && n.HasRuntime == false).Select(n => n.Id).Order().ToArray();

    /// <summary>
    /// Orders <paramref name="components"/> into waves: every component comes in a later wave than each of its
    /// providers in the set, also when they are linked only through components outside the set. Components of one
    /// wave do not depend on each other and can roll out in parallel.
    /// </summary>
    /// <exception cref="UnknownComponentException">A component is not in the graph.</exception>
    /// <exception cref="DependencyCycleException">The set (or the components between its members) contains a cycle.</exception>
    public IReadOnlyList<IReadOnlyList<ComponentId>> RolloutWaves(IEnumerable<ComponentId> components) =>
        RolloutPlanner.Waves(Index, components);

    /// <summary>The graph restricted to <paramref name="components"/> and the edges among them.</summary>
    public ComponentGraph Subgraph(IEnumerable<ComponentId> components)
    {
        var keep = components.Select(id => Node(id).Id).ToHashSet();
        return Graph with
        {
            Nodes = Graph.Nodes.Where(n => keep.Contains(n.Id)).ToArray(),
            Edges = Graph.Edges.Where(e => keep.Contains(e.From) && keep.Contains(e.To)).ToArray(),
        };
    }

    private List<ComponentId> Names(IEnumerable<int> indexes) => indexes.Select(i => Index.Ids[i]).ToList();

    private List<ComponentId> Reached(int[] starts, IReadOnlyList<int[]> next, ComponentId self)
    {
        var reached = Index.Reach(starts, next);
        var result = new List<ComponentId>();
        for (var i = 0; i < reached.Length; i++)
        {
            // A component on a cycle reaches itself; it is still not its own dependent.
            if (reached[i] && Index.Ids[i] != self)
            {
                result.Add(Index.Ids[i]);
            }
        }

        return result;
    }
}
