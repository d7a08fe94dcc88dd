using Karma.Core.Model;

namespace Karma.Core.Queries;

/// <summary>A query named a component the graph does not contain.</summary>
public sealed class UnknownComponentException(ComponentId id)
    : KeyNotFoundException($"Component '{id}' is not in the graph.")
{
    public ComponentId Component { get; } = id;
}
