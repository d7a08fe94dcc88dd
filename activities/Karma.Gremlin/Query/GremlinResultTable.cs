using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Karma.Gremlin.Query;

/// <summary>
/// Renders query results as a plain-text table: one column per key when every result is a map
/// (e.g. <c>valueMap()</c>, <c>project()</c>), otherwise a single <c>value</c> column.
/// </summary>
public static class GremlinResultTable
{
    public static string Render(IReadOnlyList<object?> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var friendly = results.Select(GremlinJson.ToJsonFriendly).ToList();
        List<string> columns;
        List<List<string>> rows;
        if (friendly.Count > 0 && friendly.All(row => row is Dictionary<string, object?>))
        {
            var maps = friendly.Cast<Dictionary<string, object?>>().ToList();
            columns = maps.SelectMany(map => map.Keys).Distinct(StringComparer.Ordinal).ToList();
            rows = maps.Select(map => columns.Select(column => Cell(map.GetValueOrDefault(column))).ToList()).ToList();
        }
        else
        {
            columns = ["value"];
            rows = friendly.Select(value => new List<string> { Cell(value) }).ToList();
        }

        var widths = columns.Select((column, i) => rows.Select(row => row[i].Length).Append(column.Length).Max()).ToList();
        var text = new StringBuilder();
        AppendRow(text, columns, widths);
        AppendRow(text, widths.Select(width => new string('-', width)).ToList(), widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        text.Append(CultureInfo.InvariantCulture, $"({rows.Count} row{(rows.Count == 1 ? string.Empty : "s")})");
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, List<string> cells, List<int> widths)
    {
        text.AppendJoin("  ", cells.Select((cell, i) => cell.PadRight(widths[i]))).Append('\n');
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string text => text.ReplaceLineEndings(" "),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IEnumerable => JsonSerializer.Serialize(value),
        _ => value.ToString() ?? string.Empty,
    };
}
