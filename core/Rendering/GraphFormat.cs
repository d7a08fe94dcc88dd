namespace Karma.Core.Rendering;

public enum GraphFormat
{
    Table,
    Json,
    Dot,
    Mermaid,
}

public static class GraphFormats
{
    public static GraphFormat Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "table" => GraphFormat.Table,
        "json" => GraphFormat.Json,
        "dot" => GraphFormat.Dot,
        "mermaid" => GraphFormat.Mermaid,
        _ => throw new FormatException($"'{text}' is not a graph format (table, json, dot, mermaid)."),
    };
}
