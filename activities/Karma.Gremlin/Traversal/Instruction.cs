namespace Karma.Gremlin.Traversal;

/// <summary>One step of a traversal: an operator (e.g. <c>mergeV</c>) and its arguments (data, never script text).</summary>
public sealed record Instruction(string Operator, IReadOnlyList<object?> Arguments);
