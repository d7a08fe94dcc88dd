namespace Karma.Gremlin.Graph;

/// <summary>An edge as GraphSON 3 carries it (<c>g:Edge</c>); property values are <see cref="Property"/> values unwrapped.</summary>
public sealed record Edge(
    object Id,
    string Label,
    object OutV,
    string OutVLabel,
    object InV,
    string InVLabel,
    IReadOnlyDictionary<string, object?>? Properties = null);
