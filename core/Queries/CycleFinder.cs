using Karma.Core.Model;
using QuikGraph;
using QuikGraph.Algorithms;

namespace Karma.Core.Queries;

/// <summary>Finds dependency cycles (including self-references).</summary>
public static class CycleFinder
{
    /// <summary>Prints a cycle as <c>a/x -> b/y -> a/x</c>.</summary>
    public static string Format(IReadOnlyList<ComponentId> cycle) => string.Join(" -> ", cycle);

    /// <summary>
    /// One cycle per strongly connected component that has one, restricted to <paramref name="within"/> when given.
    /// Each cycle starts and ends at the smallest id of its component and is a shortest way round, so output is stable.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ComponentId>> FindCycles(DependencyIndex index, bool[]? within = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        var candidates = PeelAcyclicEnds(index, within);

        // Only nodes on a cycle or between cycles survive peeling, so the (recursive) QuikGraph DFS below runs on a
        // small graph even when the input is a very long acyclic chain.
        var graph = new AdjacencyGraph<int, SEdge<int>>(allowParallelEdges: false);
        foreach (var node in candidates)
        {
            graph.AddVertex(node);
        }

        foreach (var node in candidates)
        {
            foreach (var provider in index.Providers[node])
            {
                if (graph.ContainsVertex(provider))
                {
                    graph.AddEdge(new SEdge<int>(node, provider));
                }
            }
        }

        var componentOf = new Dictionary<int, int>();
        graph.StronglyConnectedComponents(componentOf);
        var cycles = new List<IReadOnlyList<ComponentId>>();
        foreach (var group in componentOf.GroupBy(pair => pair.Value, pair => pair.Key))
        {
            var members = group.ToHashSet();
            var start = members.Min();
            if (members.Count == 1 && !index.Providers[start].Contains(start))
            {
                continue;
            }

            cycles.Add(ShortestLoop(index, start, members).Select(i => index.Ids[i]).ToArray());
        }

        return cycles.OrderBy(c => c[0]).ToArray();
    }

    // Kahn-style peeling from both ends: a node with no remaining providers (or no remaining consumers) is on no cycle.
    private static List<int> PeelAcyclicEnds(DependencyIndex index, bool[]? within)
    {
        var alive = new bool[index.Count];
        var providerCount = new int[index.Count];
        var consumerCount = new int[index.Count];
        for (var i = 0; i < index.Count; i++)
        {
            alive[i] = within is null || within[i];
        }

        for (var i = 0; i < index.Count; i++)
        {
            if (!alive[i])
            {
                continue;
            }

            providerCount[i] = index.Providers[i].Count(p => alive[p]);
            consumerCount[i] = index.Consumers[i].Count(c => alive[c]);
        }

        var queue = new Queue<int>();
        for (var i = 0; i < index.Count; i++)
        {
            if (alive[i] && (providerCount[i] == 0 || consumerCount[i] == 0))
            {
                queue.Enqueue(i);
            }
        }

        while (queue.TryDequeue(out var node))
        {
            if (!alive[node])
            {
                continue;
            }

            alive[node] = false;
            foreach (var consumer in index.Consumers[node])
            {
                if (alive[consumer] && --providerCount[consumer] == 0)
                {
                    queue.Enqueue(consumer);
                }
            }

            foreach (var provider in index.Providers[node])
            {
                if (alive[provider] && --consumerCount[provider] == 0)
                {
                    queue.Enqueue(provider);
                }
            }
        }

        return Enumerable.Range(0, index.Count).Where(i => alive[i]).ToList();
    }

    private static List<int> ShortestLoop(DependencyIndex index, int start, HashSet<int> members)
    {
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.TryDequeue(out var node))
        {
            foreach (var next in index.Providers[node])
            {
                if (!members.Contains(next))
                {
                    continue;
                }

                if (next == start)
                {
                    var loop = new List<int> { start };
                    for (var at = node; at != start; at = parent[at])
                    {
                        loop.Add(at);
                    }

                    loop.Add(start);
                    loop.Reverse(1, loop.Count - 2);
                    return loop;
                }

                if (parent.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        throw new InvalidOperationException("A strongly connected component without a loop back to its first member.");
    }
}
