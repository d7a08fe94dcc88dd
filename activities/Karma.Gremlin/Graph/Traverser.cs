namespace Karma.Gremlin.Graph;

/// <summary>A result of a bytecode request (<c>g:Traverser</c>): the value stands for <see cref="Bulk"/> equal results.</summary>
public sealed record Traverser(long Bulk, object? Value);
