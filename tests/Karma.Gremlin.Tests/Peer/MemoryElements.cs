namespace Karma.Gremlin.Tests.Peer;

/// <summary>A vertex of the peer's in-memory graph. Properties hold value lists to model Neptune's default set cardinality.</summary>
internal sealed class MemoryVertex(object id, string label)
{
    public object Id { get; } = id;

    public string Label { get; } = label;

    public Dictionary<string, List<object>> Properties { get; } = new(StringComparer.Ordinal);

    public List<MemoryEdge> OutEdges { get; } = [];

    public List<MemoryEdge> InEdges { get; } = [];
}

internal sealed class MemoryEdge(object id, string label, MemoryVertex outVertex, MemoryVertex inVertex)
{
    public object Id { get; } = id;

    public string Label { get; } = label;

    public MemoryVertex Out { get; } = outVertex;

    public MemoryVertex In { get; } = inVertex;

    public Dictionary<string, object> Properties { get; } = new(StringComparer.Ordinal);
}

/// <summary>What <c>properties()</c> emits, so that a following <c>drop()</c> knows what to remove.</summary>
internal sealed record MemoryProperty(MemoryVertex Owner, string Key, object Value);

/// <summary>A traversal the peer cannot run, or one that breaks TinkerPop's rules; answered with status 597.</summary>
internal sealed class PeerEvaluationException(string message) : Exception(message);
