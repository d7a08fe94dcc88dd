using System.Text;
using System.Text.Json;
using Karma.Core.Analysis;

namespace Karma.Core.Rendering;

/// <summary>Renders analysis diagnostics as a table or JSON (in the order given).</summary>
public static class DiagnosticRenderer
{
    public static string Render(IEnumerable<GraphDiagnostic> diagnostics, GraphFormat format)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var list = diagnostics.ToArray();
        return format switch
        {
            GraphFormat.Json => Json(list),
            GraphFormat.Table => TextTable.Render(
                ["SEVERITY", "CODE", "COMPONENT", "LOCATION", "MESSAGE"],
                list.Select(d => (IReadOnlyList<string>)[Severity(d), d.Code, d.Component?.ToString() ?? "-", d.Location, d.Message])),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Diagnostics render as table or json."),
        };
    }

    private static string Severity(GraphDiagnostic d) => d.Severity == DiagnosticSeverity.Error ? "error" : "warning";

    private static string Json(IReadOnlyList<GraphDiagnostic> list)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonGraphRenderer.Options))
        {
            writer.WriteStartArray();
            foreach (var d in list)
            {
                writer.WriteStartObject();
                writer.WriteString("severity", Severity(d));
                writer.WriteString("code", d.Code);
                writer.WriteString("component", d.Component?.ToString());
                writer.WriteString("location", d.Location);
                writer.WriteString("message", d.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
