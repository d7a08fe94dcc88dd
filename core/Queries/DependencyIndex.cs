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

        // Pairs packed into longs and sorted: far less memory than a set per component, and sorted adjacency for free.
        var pairs = new List<long>(graph.Edges.Count);
        foreach (var edge in graph.Edges)
        {
            var (consumer, provider) = edge.Label == EdgeLabel.EmitsRuntimeTo ? (edge.To, edge.From) : (edge.From, edge.To);
            if (_indexOf.TryGetValue(consumer, out var c) && _indexOf.TryGetValue(provider, out var p))
            {
                pairs.Add(((long)c << 32) | (uint)p);
            }
        }

        Providers = Adjacency(pairs, Ids.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            pairs[i] = (pairs[i] << 32) | (pairs[i] >>> 32);
        }

        Consumers = Adjacency(pairs, Ids.Count);
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

    private static int[][] Adjacency(List<long> pairs, int count)
    {
        pairs.Sort();
        var lists = new int[count][];
        var start = 0;
        while (start < pairs.Count)
        {
            var from = (int)(pairs[start] >>> 32);
            var end = start;
            var targets = new List<int>();
            while (end < pairs.Count && (int)(pairs[end] >>> 32) == from)
            {
                var to = (int)(pairs[end] & 0xFFFFFFFF);
                if (targets.Count == 0 || targets[^1] != to)
                {
                    targets.Add(to);
                }

                end++;
            }

            lists[from] = [.. targets];
            start = end;
        }

        for (var i = 0; i < count; i++)
        {
            lists[i] ??= [];
        }

        return lists;
    }
}
