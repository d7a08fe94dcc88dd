using System.Globalization;
using Temporalio.Api.Enums.V1;

namespace Karma.TemporalDev.Visibility;

/// <summary>
/// Translates the supported subset of Temporal's list filter into parameterised SQL over the executions
/// table: WorkflowId, WorkflowType, RunId, TaskQueue, ExecutionStatus, StartTime / CloseTime / ExecutionTime,
/// and custom search attributes; =, !=, &lt;, &lt;=, &gt;, &gt;=, BETWEEN, IN, STARTS_WITH; AND / OR / parentheses.
/// </summary>
internal sealed class VisibilityQuery
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["WorkflowId"] = "e.workflow_id",
        ["WorkflowType"] = "e.workflow_type",
        ["RunId"] = "e.run_id",
        ["TaskQueue"] = "e.task_queue",
        ["ParentWorkflowId"] = "json_extract(e.state, '$.Parent.WorkflowId')",
        ["ParentRunId"] = "json_extract(e.state, '$.Parent.RunId')",
    };

    private static readonly Dictionary<string, string> TimeColumns = new(StringComparer.Ordinal)
    {
        ["StartTime"] = "e.start_ms",
        ["ExecutionTime"] = "e.start_ms",
        ["CloseTime"] = "e.close_ms",
    };

    private readonly List<QueryToken> tokens;
    private readonly Dictionary<string, object> parameters = new(StringComparer.Ordinal);
    private int position;

    private VisibilityQuery(string query) => tokens = QueryTokenizer.Tokenize(query);

    public string Where { get; private set; } = "1 = 1";

    /// <summary>The query ended in <c>GROUP BY ExecutionStatus</c> (what the Temporal UI counts with); only Count accepts it.</summary>
    public bool GroupByExecutionStatus { get; private set; }

    public IReadOnlyDictionary<string, object> Parameters => parameters;

    public static VisibilityQuery Parse(string ns, string? query)
    {
        var q = new VisibilityQuery(query ?? string.Empty);
        q.parameters["$ns"] = ns;
        var filter = q.Peek.Kind == TokenKind.End || q.IsKeyword("GROUP") ? "1 = 1" : q.ParseOr();
        if (q.TakeKeyword("GROUP"))
        {
            if (!q.TakeKeyword("BY") || q.Next() is not { Kind: TokenKind.Identifier, Text: "ExecutionStatus" })
            {
                throw new VisibilityQueryException("Only 'GROUP BY ExecutionStatus' is supported.");
            }

            q.GroupByExecutionStatus = true;
        }

        if (q.Peek.Kind == TokenKind.Identifier && q.Peek.Text.Equals("ORDER", StringComparison.OrdinalIgnoreCase))
        {
            throw new VisibilityQueryException($"ORDER BY (position {q.Peek.Position}) is not supported: results are ordered by StartTime descending.");
        }

        if (q.Peek.Kind != TokenKind.End)
        {
            throw new VisibilityQueryException($"Unexpected '{q.Peek.Text}' at position {q.Peek.Position}.");
        }

        q.Where = $"e.namespace = $ns AND ({filter})";
        return q;
    }

    private QueryToken Peek => tokens[position];

    private QueryToken Next() => tokens[position++];

    private bool IsKeyword(string keyword) => Peek.Kind == TokenKind.Identifier && Peek.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private bool TakeKeyword(string keyword)
    {
        if (Peek.Kind == TokenKind.Identifier && Peek.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            position++;
            return true;
        }

        return false;
    }

    private string ParseOr()
    {
        var left = ParseAnd();
        while (TakeKeyword("OR"))
        {
            left = $"({left}) OR ({ParseAnd()})";
        }

        return left;
    }

    private string ParseAnd()
    {
        var left = ParsePrimary();
        while (TakeKeyword("AND"))
        {
            left = $"({left}) AND ({ParsePrimary()})";
        }

        return left;
    }

    private string ParsePrimary()
    {
        if (Peek.Kind == TokenKind.LeftParen)
        {
            Next();
            var inner = ParseOr();
            Expect(TokenKind.RightParen, "')'");
            return inner;
        }

        var field = Expect(TokenKind.Identifier, "a search attribute name");
        if (TakeKeyword("BETWEEN"))
        {
            var low = Value();
            if (!TakeKeyword("AND"))
            {
                throw new VisibilityQueryException($"BETWEEN at position {field.Position} needs 'AND'.");
            }

            var high = Value();
            return $"({Comparison(field, ">=", low)}) AND ({Comparison(field, "<=", high)})";
        }

        if (TakeKeyword("IS"))
        {
            // `X IS NULL` / `X IS NOT NULL` (the UI's "parent workflows only" view is `ParentWorkflowId` is null).
            var not = TakeKeyword("NOT");
            if (!TakeKeyword("NULL"))
            {
                throw new VisibilityQueryException($"IS at position {field.Position} must be followed by NULL or NOT NULL.");
            }

            var present = IsPresent(field);
            return not ? present : $"NOT ({present})";
        }

        var negated = TakeKeyword("NOT");
        if (TakeKeyword("IN"))
        {
            Expect(TokenKind.LeftParen, "'(' after IN");
            var options = new List<string> { Comparison(field, "=", Value()) };
            while (Peek.Kind == TokenKind.Comma)
            {
                Next();
                options.Add(Comparison(field, "=", Value()));
            }

            Expect(TokenKind.RightParen, "')' closing IN");
            var any = string.Join(" OR ", options.Select(o => $"({o})"));
            return negated ? $"NOT ({any})" : any;
        }

        if (negated)
        {
            throw new VisibilityQueryException($"NOT at position {field.Position} is only supported as NOT IN.");
        }

        if (TakeKeyword("STARTS_WITH"))
        {
            var prefix = Value();
            return Comparison(field, "STARTS_WITH", prefix);
        }

        var op = Expect(TokenKind.Operator, "a comparison operator");
        return Comparison(field, op.Text == "<>" ? "!=" : op.Text, Value());
    }

    private QueryToken Value()
    {
        var t = Next();
        return t.Kind is TokenKind.String or TokenKind.Number or TokenKind.Identifier
            ? t
            : throw new VisibilityQueryException($"Expected a value at position {t.Position}, found '{t.Text}'.");
    }

    private QueryToken Expect(TokenKind kind, string what)
    {
        var t = Next();
        return t.Kind == kind ? t : throw new VisibilityQueryException($"Expected {what} at position {t.Position}, found '{(t.Kind == TokenKind.End ? "end of query" : t.Text)}'.");
    }

    private string Comparison(QueryToken field, string op, QueryToken value)
    {
        if (Columns.TryGetValue(field.Text, out var column))
        {
            return Compare(column, op, Text(value));
        }

        if (field.Text == "ExecutionStatus")
        {
            return Compare("e.status", op, (long)Status(value));
        }

        if (TimeColumns.TryGetValue(field.Text, out var timeColumn))
        {
            return Compare(timeColumn, op, TimeMs(value));
        }

        var name = Param(field.Text);
        if (value.Kind == TokenKind.Number || value.Text is "true" or "false")
        {
            var number = value.Kind == TokenKind.Number ? QueryTokenizer.ParseNumber(value) : value.Text == "true" ? 1 : 0;
            return $"EXISTS (SELECT 1 FROM search_attributes s WHERE s.run_id = e.run_id AND s.name = {name} AND {Compare("s.num_value", op, number)})";
        }

        var text = Text(value);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt) && text.Contains('-', StringComparison.Ordinal) && text.Length >= 10)
        {
            return $"EXISTS (SELECT 1 FROM search_attributes s WHERE s.run_id = e.run_id AND s.name = {name} AND " +
                $"((s.type = 'Datetime' AND {Compare("s.num_value", op, dt.ToUnixTimeMilliseconds())}) OR (s.type <> 'Datetime' AND {Compare("s.text_value", op, text)})))";
        }

        return $"EXISTS (SELECT 1 FROM search_attributes s WHERE s.run_id = e.run_id AND s.name = {name} AND {Compare("s.text_value", op, text)})";
    }

    /// <summary>SQL that is true when the run has a value for <paramref name="field"/>.</summary>
    private string IsPresent(QueryToken field)
    {
        if (Columns.TryGetValue(field.Text, out var column))
        {
            return $"coalesce({column}, '') <> ''";
        }

        if (TimeColumns.TryGetValue(field.Text, out var timeColumn))
        {
            return $"{timeColumn} IS NOT NULL";
        }

        if (field.Text == "ExecutionStatus")
        {
            return "1 = 1";
        }

        return $"EXISTS (SELECT 1 FROM search_attributes s WHERE s.run_id = e.run_id AND s.name = {Param(field.Text)})";
    }

    private string Compare(string column, string op, object value)
    {
        var p = Param(value);
        return op switch
        {
            "STARTS_WITH" => $"substr({column}, 1, length({p})) = {p}",
            "=" or "!=" or "<" or "<=" or ">" or ">=" => $"{column} {op} {p}",
            _ => throw new VisibilityQueryException($"Operator '{op}' is not supported."),
        };
    }

    private string Param(object value)
    {
        var name = "$p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameters[name] = value;
        return name;
    }

    private static string Text(QueryToken value) => value.Text;

    private static WorkflowExecutionStatus Status(QueryToken value)
    {
        var text = value.Text.Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<WorkflowExecutionStatus>(text, ignoreCase: true, out var status) && status != WorkflowExecutionStatus.Unspecified
            ? status
            : throw new VisibilityQueryException($"Unknown ExecutionStatus '{value.Text}' at position {value.Position} (use Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut).");
    }

    private static long TimeMs(QueryToken value)
    {
        if (value.Kind == TokenKind.Number)
        {
            // Temporal accepts epoch nanoseconds for time attributes.
            return (long)(QueryTokenizer.ParseNumber(value) / 1_000_000);
        }

        return DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt)
            ? dt.ToUnixTimeMilliseconds()
            : throw new VisibilityQueryException($"'{value.Text}' at position {value.Position} is not a date-time (use RFC 3339, e.g. '2024-01-02T03:04:05Z').");
    }
}
