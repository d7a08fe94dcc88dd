namespace Karma.Gremlin.Query;

/// <summary>
/// Splits a Gremlin (Groovy-flavoured) script into identifiers, literals and punctuation, so that step names inside
/// string literals are never mistaken for steps. Characters a plain traversal never needs are refused here.
/// </summary>
internal static class GremlinScriptTokenizer
{
    private const string AllowedPunctuation = "().,[]:-";

    public static List<GremlinScriptToken> Tokenize(string script)
    {
        var tokens = new List<GremlinScriptToken>();
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadString(script, ref i));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < script.Length && (char.IsAsciiLetterOrDigit(script[i]) || script[i] == '.' && i + 1 < script.Length && char.IsAsciiDigit(script[i + 1])))
                {
                    i++;
                }

                tokens.Add(new(GremlinScriptTokenKind.Number, script[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < script.Length && (char.IsAsciiLetterOrDigit(script[i]) || script[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new(GremlinScriptTokenKind.Identifier, script[start..i], start));
            }
            else if (AllowedPunctuation.Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new(GremlinScriptTokenKind.Punctuation, c.ToString(), i));
                i++;
            }
            else
            {
                throw new GremlinQueryRejectedException(Describe(c), i);
            }
        }

        return tokens;
    }

    private static string Describe(char c) => c switch
    {
        '{' or '}' => "Lambdas/closures ('{ … }') are not allowed in queries",
        ';' => "Only a single traversal is allowed (no ';')",
        '=' => "Assignments are not allowed in queries",
        _ => $"Character '{c}' is not allowed in a query",
    };

    private static GremlinScriptToken ReadString(string script, ref int i)
    {
        var start = i;
        var quote = script[i];
        var triple = i + 2 < script.Length && script[i + 1] == quote && script[i + 2] == quote;
        i += triple ? 3 : 1;
        while (i < script.Length)
        {
            var c = script[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            // Groovy interpolates "${…}" and "$name" inside double quotes: that is code, not data.
            if (quote == '"' && c == '$')
            {
                throw new GremlinQueryRejectedException("String interpolation ('$' in a double-quoted string) is not allowed; use single quotes", i);
            }

            if (c == quote && (!triple || (i + 2 < script.Length && script[i + 1] == quote && script[i + 2] == quote)))
            {
                i += triple ? 3 : 1;
                return new(GremlinScriptTokenKind.StringLiteral, script[start..i], start);
            }

            i++;
        }

        throw new GremlinQueryRejectedException("Unterminated string literal", start);
    }
}
