using System.Globalization;
using System.Text;

namespace Karma.TemporalDev.Visibility;

internal enum TokenKind
{
    Identifier,
    String,
    Number,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    End,
}

internal sealed record QueryToken(TokenKind Kind, string Text, int Position);

/// <summary>Splits a Temporal visibility query (an SQL-like WHERE clause) into tokens.</summary>
internal static class QueryTokenizer
{
    public static List<QueryToken> Tokenize(string query)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(new QueryToken(c == '(' ? TokenKind.LeftParen : c == ')' ? TokenKind.RightParen : TokenKind.Comma, c.ToString(), i));
                i++;
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadString(query, ref i));
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var start = i;
                i++;
                if (i < query.Length && (query[i] == '=' || (c == '<' && query[i] == '>')))
                {
                    i++;
                }

                var op = query[start..i];
                if (op == "!")
                {
                    throw new VisibilityQueryException($"Unexpected '!' at position {start}; did you mean '!='?");
                }

                tokens.Add(new QueryToken(TokenKind.Operator, op, start));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < query.Length && char.IsDigit(query[i + 1])))
            {
                var start = i++;
                while (i < query.Length && (char.IsDigit(query[i]) || query[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new QueryToken(TokenKind.Number, query[start..i], start));
            }
            else if (char.IsLetter(c) || c == '_' || c == '`')
            {
                tokens.Add(ReadIdentifier(query, ref i));
            }
            else
            {
                throw new VisibilityQueryException($"Unexpected character '{c}' at position {i}.");
            }
        }

        tokens.Add(new QueryToken(TokenKind.End, string.Empty, query.Length));
        return tokens;
    }

    public static double ParseNumber(QueryToken t) =>
        double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw new VisibilityQueryException($"Bad number '{t.Text}' at position {t.Position}.");

    private static QueryToken ReadString(string query, ref int i)
    {
        var quote = query[i];
        var start = i++;
        var text = new StringBuilder();
        while (i < query.Length)
        {
            if (query[i] == quote)
            {
                if (i + 1 < query.Length && query[i + 1] == quote)
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return new QueryToken(TokenKind.String, text.ToString(), start);
            }

            text.Append(query[i++]);
        }

        throw new VisibilityQueryException($"Unterminated string starting at position {start}.");
    }

    private static QueryToken ReadIdentifier(string query, ref int i)
    {
        var start = i;
        if (query[i] == '`')
        {
            var end = query.IndexOf('`', i + 1);
            if (end < 0)
            {
                throw new VisibilityQueryException($"Unterminated `identifier` starting at position {start}.");
            }

            i = end + 1;
            return new QueryToken(TokenKind.Identifier, query[(start + 1)..end], start);
        }

        while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] is '_' or '.' or '-'))
        {
            i++;
        }

        return new QueryToken(TokenKind.Identifier, query[start..i], start);
    }
}
