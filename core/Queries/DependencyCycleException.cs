using Karma.Core.Model;

namespace Karma.Core.Queries;

/// <summary>An ordering was asked for components that depend on each other in a loop.</summary>
public sealed class DependencyCycleException(IReadOnlyList<ComponentId> cycle)
    : InvalidOperationException($"Cannot order components that depend on each other in a cycle: {CycleFinder.Format(cycle)}.")
{
    /// <summary>The cycle, first component repeated at the end.</summary>
    public IReadOnlyList<ComponentId> Cycle { get; } = cycle;
}
