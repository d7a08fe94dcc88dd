namespace Karma.Gremlin.GraphSon;

/// <summary>
/// A typed value whose GraphSON type Karma does not model (e.g. <c>g:Path</c> from a user's query). It is read
/// generically (<see cref="Value"/>) and, when it came from the wire, written back exactly as received.
/// </summary>
public sealed record GraphSonTypedValue(string Type, object? Value)
{
    /// <summary>The <c>@value</c> JSON as received; null for values built in code.</summary>
    public string? RawValueJson { get; init; }
}
