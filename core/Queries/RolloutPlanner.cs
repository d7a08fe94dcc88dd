using Karma.Core.Model;

namespace Karma.Core.Queries;

/// <summary>Topological layering of a set of components (providers before their consumers).</summary>
internal static class RolloutPlanner
{
    public static IReadOnlyList<IReadOnlyList<ComponentId>> Waves(DependencyIndex index, IEnumerable<ComponentId> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var members = components.Select(index.IndexOf).Distinct().ToArray();
        if (members.Length == 0)
        {
            return [];
        }

        var inSet = new bool[index.Count];
        foreach (var member in members)
        {
            inSet[member] = true;
        }

        // Only components between two members (downstream of one, upstream of another) can order members;
        // cycles elsewhere in the graph do not matter for this set.
        var below = index.Reach(members, index.Consumers);
        var above = index.Reach(members, index.Providers);
        var relevant = new bool[index.Count];
        for (var i = 0; i < index.Count; i++)
        {
            relevant[i] = inSet[i] || (below[i] && above[i]);
        }

        var cycles = CycleFinder.FindCycles(index, relevant);
        if (cycles.Count > 0)
        {
            throw new DependencyCycleException(cycles[0]);
        }

        // Kahn's algorithm over the relevant subgraph; a member's wave is the number of members on its longest
        // provider chain, so a member linked to another only through non-members still waits for it.
        var pending = new int[index.Count];
        var level = new int[index.Count];
        var queue = new Queue<int>();
        for (var i = 0; i < index.Count; i++)
        {
            if (relevant[i])
            {
                pending[i] = index.Providers[i].Count(p => relevant[p]);
                if (pending[i] == 0)
                {
                    queue.Enqueue(i);
                }
            }
        }

        while (queue.TryDequeue(out var node))
        {
            var passOn = level[node] + (inSet[node] ? 1 : 0);
            foreach (var consumer in index.Consumers[node])
            {
                if (!relevant[consumer])
                {
                    continue;
                }

                level[consumer] = Math.Max(level[consumer], passOn);
                if (--pending[consumer] == 0)
                {
                    queue.Enqueue(consumer);
                }
            }
        }

        return members
            .GroupBy(m => level[m])
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<ComponentId>)g.Select(m => index.Ids[m]).Order().ToArray())
            .ToArray();
    }
}
