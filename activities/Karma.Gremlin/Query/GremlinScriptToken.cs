namespace Karma.Gremlin.Query;

internal enum GremlinScriptTokenKind
{
    Identifier,
    StringLiteral,
    Number,
    Punctuation,
}

/// <summary>One token of a Gremlin script, with its offset so refusals can point at it.</summary>
internal readonly record struct GremlinScriptToken(GremlinScriptTokenKind Kind, string Text, int Position);
