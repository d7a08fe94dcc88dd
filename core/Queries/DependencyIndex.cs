using Karma.Core.Model;

namespace Karma.Core.Queries;

/// <summary>
/// Integer-indexed adjacency of a component graph in dependency direction: each component's direct providers and
/// direct consumers. <c>depends_on</c> and <c>consumes_runtime_from</c> edges point consumer → provider,
/// <c>emits_runtime_to</c> provider → consumer; all three are folded into the same relation. Edges naming a
/// component that is not a node are ignored.
/// </summary>
public sealed class DependencyIndex
{
    private readonly Dictionary<ComponentId, int> _indexOf;

    public DependencyIndex(ComponentGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Ids = graph.Nodes.Select(n => n.Id).Distinct().Order().ToArray();
        _indexOf = new Dictionary<ComponentId, int>(Ids.Count);
        for (var i = 0; i < Ids.Count; i++)
        {
            _indexOf[Ids[i]] = i;
        }

        var providers = new HashSet<int>?[Ids.Count];
        var consumers = new HashSet<int>?[Ids.Count];
        foreach (var edge in graph.Edges)
        {
            var (consumer, provider) = edge.Label == EdgeLabel.EmitsRuntimeTo ? (edge.To, edge.From) : (edge.From, edge.To);
            if (_indexOf.TryGetValue(consumer, out var c) && _indexOf.TryGetValue(provider, out var p))
            {
                (providers[c] ??= []).Add(p);
                (consumers[p] ??= []).Add(c);
            }
        }

        Providers = providers.Select(Sorted).ToArray();
        Consumers = consumers.Select(Sorted).ToArray();
    }

    /// <summary>All component ids, sorted; position = index.</summary>
    public IReadOnlyList<ComponentId> Ids { get; }

    /// <summary>Direct providers of each component (sorted indexes).</summary>
    public IReadOnlyList<int[]> Providers { get; }

    /// <summary>Direct consumers of each component (sorted indexes).</summary>
    public IReadOnlyList<int[]> Consumers { get; }

    public int Count => Ids.Count;

    public bool Contains(ComponentId id) => _indexOf.ContainsKey(id);

    public int IndexOf(ComponentId id) =>
        _indexOf.TryGetValue(id, out var index) ? index : throw new UnknownComponentException(id);

    /// <summary>Every component reachable from <paramref name="starts"/> by following <paramref name="next"/> (starts excluded unless reached again).</summary>
    public bool[] Reach(IEnumerable<int> starts, IReadOnlyList<int[]> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var seen = new bool[Count];
        var queue = new Queue<int>(starts);
        while (queue.TryDequeue(out var current))
        {
            foreach (var neighbour in next[current])
            {
                if (!seen[neighbour])
                {
                    seen[neighbour] = true;
                    queue.Enqueue(neighbour);
                }
            }
        }

        return seen;
    }

    private static int[] Sorted(HashSet<int>? set)
    {
        if (set is null)
        {
            return [];
        }

        var array = set.ToArray();
        Array.Sort(array);
        return array;
    }
}
