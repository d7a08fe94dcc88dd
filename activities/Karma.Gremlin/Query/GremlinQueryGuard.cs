namespace Karma.Gremlin.Query;

/// <summary>
/// Decides whether a user's Gremlin script may be sent. A script must be one traversal from <c>g</c> built only of
/// known Gremlin steps and tokens (an allow-list, so Groovy such as <c>Runtime.getRuntime()</c> never passes);
/// mutation steps are refused unless writing was explicitly allowed. Step names inside string literals do not count.
/// </summary>
public static class GremlinQueryGuard
{
    /// <summary>Steps that change the graph or reach outside it.</summary>
    public static readonly IReadOnlySet<string> MutationSteps = new HashSet<string>(StringComparer.Ordinal)
    {
        "addV", "addE", "property", "drop", "mergeV", "mergeE", "io", "call", "tx", "commit", "rollback",
    };

    private static readonly HashSet<string> ReadSteps = new(StringComparer.Ordinal)
    {
        "g", "V", "E", "inject", "with", "withSideEffect", "withStrategies", "withoutStrategies",
        "out", "in", "both", "outE", "inE", "bothE", "outV", "inV", "bothV", "otherV",
        "has", "hasLabel", "hasId", "hasKey", "hasValue", "hasNot", "is", "not", "and", "or", "where", "filter",
        "values", "valueMap", "elementMap", "propertyMap", "properties", "id", "label", "key", "value", "element",
        "count", "sum", "max", "min", "mean", "fold", "unfold", "group", "groupCount", "by", "project", "select", "as",
        "path", "simplePath", "cyclicPath", "dedup", "order", "limit", "range", "skip", "tail", "sample", "coin",
        "coalesce", "choose", "optional", "union", "repeat", "until", "emit", "times", "loops", "constant", "identity",
        "map", "flatMap", "local", "barrier", "cap", "aggregate", "store", "tree", "math", "option", "index",
        "toList", "toSet", "next", "hasNext", "iterate", "explain", "profile", "timeLimit", "none", "discard",
        "from", "to", "sideEffect", "concat", "asString", "toLower", "toUpper", "split", "substring", "length", "trim",
        "lTrim", "rTrim", "replace", "reverse", "format", "asDate", "dateAdd", "dateDiff", "conjoin", "combine",
        "difference", "disjunct", "intersect", "merge", "product", "all", "any", "match", "subgraph",
    };

    private static readonly HashSet<string> Tokens = new(StringComparer.Ordinal)
    {
        "T", "P", "TextP", "Order", "Scope", "Column", "Pop", "Direction", "Cardinality", "Operator", "Merge", "Pick",
        "eq", "neq", "lt", "lte", "gt", "gte", "inside", "outside", "between", "within", "without",
        "startingWith", "endingWith", "containing", "notStartingWith", "notEndingWith", "notContaining", "regex", "notRegex",
        "asc", "desc", "shuffle", "incr", "decr", "global", "keys", "first", "last", "mixed",
        "OUT", "IN", "BOTH", "single", "set", "list", "onCreate", "onMatch", "outV", "inV", "true", "false", "null",
        "sum", "minus", "mult", "div", "assign", "addAll", "sumLong", "none",
    };

    /// <summary>Throws <see cref="GremlinQueryRejectedException"/> unless the script is a read-only traversal.</summary>
    public static void EnsureReadOnly(string script) => Ensure(script, allowWrite: false);

    /// <summary>Throws unless the script is a plain traversal; mutation steps pass only with <paramref name="allowWrite"/>.</summary>
    public static void Ensure(string script, bool allowWrite)
    {
        if (string.IsNullOrWhiteSpace(script))
        {
            throw new GremlinQueryRejectedException("The query is empty.");
        }

        var tokens = GremlinScriptTokenizer.Tokenize(script);
        if (tokens[0] is not { Kind: GremlinScriptTokenKind.Identifier, Text: "g" })
        {
            throw new GremlinQueryRejectedException("A query must be a traversal starting with 'g'", tokens[0].Position);
        }

        foreach (var token in tokens.Where(token => token.Kind == GremlinScriptTokenKind.Identifier))
        {
            if (MutationSteps.Contains(token.Text))
            {
                if (!allowWrite)
                {
                    throw new GremlinQueryRejectedException(
                        $"'{token.Text}' changes the graph; queries are read-only unless --allow-write is given", token.Position);
                }
            }
            else if (!ReadSteps.Contains(token.Text) && !Tokens.Contains(token.Text))
            {
                throw new GremlinQueryRejectedException($"'{token.Text}' is not a Gremlin step or token Karma allows in queries", token.Position);
            }
        }
    }
}
