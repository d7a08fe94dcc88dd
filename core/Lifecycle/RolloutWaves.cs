using Karma.Core.Model;

namespace Karma.Core.Lifecycle;

/// <summary>
/// Orders the dependents of a changed component into waves (topological layers): a component is in the wave after
/// the last of its providers that is also being rolled out, so it is planned only once those are applied.
/// </summary>
public static class RolloutWaves
{
    /// <param name="members">The components to roll out.</param>
    /// <param name="providersOf">Each member's providers (edges to non-members are ignored).</param>
    public static IReadOnlyList<IReadOnlyList<ComponentId>> Layer(
        IReadOnlyCollection<ComponentId> members, Func<ComponentId, IEnumerable<ComponentId>> providersOf)
    {
        var set = members.ToHashSet();
        var pending = members.ToDictionary(m => m, m => providersOf(m).Where(p => set.Contains(p) && p != m).ToHashSet());
        var waves = new List<IReadOnlyList<ComponentId>>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => p.Value.Count == 0).Select(p => p.Key).Order().ToList();
            if (ready.Count == 0)
            {
                throw new RolloutCycleException(pending.Keys.Order().ToList());
            }

            waves.Add(ready);
            foreach (var done in ready)
            {
                pending.Remove(done);
            }

            foreach (var providers in pending.Values)
            {
                providers.ExceptWith(ready);
            }
        }

        return waves;
    }
}

public sealed class RolloutCycleException(IReadOnlyList<ComponentId> members)
    : InvalidOperationException($"The dependents form a cycle and cannot be ordered: {string.Join(", ", members)}.")
{
    public IReadOnlyList<ComponentId> Members { get; } = members;
}
