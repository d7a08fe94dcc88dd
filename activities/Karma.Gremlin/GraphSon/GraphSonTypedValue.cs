namespace Karma.Gremlin.GraphSon;

/// <summary>
/// A typed value whose GraphSON type Karma does not model (e.g. <c>g:Path</c> from a user's query). It is read
/// generically and written back unchanged, so pass-through queries never fail on an exotic result type.
/// </summary>
public sealed record GraphSonTypedValue(string Type, object? Value);
