namespace Karma.Gremlin.Graph;

/// <summary>A vertex as GraphSON 3 carries it (<c>g:Vertex</c>); bytecode results usually carry no properties.</summary>
public sealed record Vertex(object Id, string Label, IReadOnlyDictionary<string, IReadOnlyList<VertexProperty>>? Properties = null);
