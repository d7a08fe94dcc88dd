namespace Karma.Gremlin.Graph;

/// <summary>A vertex property (<c>g:VertexProperty</c>), optionally with meta-properties.</summary>
public sealed record VertexProperty(object Id, string Label, object? Value, IReadOnlyDictionary<string, object?>? Properties = null);
