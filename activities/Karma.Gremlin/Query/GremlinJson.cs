using System.Collections;
using System.Globalization;
using System.Text.Json;
using Karma.Gremlin.GraphSon;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Query;

/// <summary>
/// Turns decoded GraphSON values into JSON-friendly ones: strings, numbers, booleans, null, lists and string-keyed
/// maps. Dates become ISO-8601 strings, tokens their wire names, elements maps with id/label/properties.
/// </summary>
public static class GremlinJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static object? ToJsonFriendly(object? value) => value switch
    {
        null or string or bool or int or long => value,
        double number => double.IsFinite(number) ? number : number.ToString(CultureInfo.InvariantCulture),
        float number => float.IsFinite(number) ? number : number.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset date => date.ToString("O", CultureInfo.InvariantCulture),
        Guid id => id.ToString("D"),
        T token => token.ToWire(),
        Direction direction => direction.ToWire(),
        Merge merge => merge.ToWire(),
        Cardinality cardinality => cardinality.ToWire(),
        Traverser traverser => ToJsonFriendly(traverser.Value),
        Vertex vertex => VertexToMap(vertex),
        Edge edge => EdgeToMap(edge),
        VertexProperty property => new Dictionary<string, object?> { ["id"] = ToJsonFriendly(property.Id), ["label"] = property.Label, ["value"] = ToJsonFriendly(property.Value) },
        ElementProperty property => new Dictionary<string, object?> { ["key"] = property.Key, ["value"] = ToJsonFriendly(property.Value) },
        GraphSonTypedValue typed => new Dictionary<string, object?> { ["@type"] = typed.Type, ["@value"] = ToJsonFriendly(typed.Value) },
        Bytecode bytecode => bytecode.ToString(),
        IDictionary map => MapToJson(map),
        IEnumerable items => items.Cast<object?>().Select(ToJsonFriendly).ToList(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The results as a JSON array.</summary>
    public static string Serialize(IEnumerable<object?> results, bool indented = true) =>
        JsonSerializer.Serialize(results.Select(ToJsonFriendly).ToList(), indented ? Indented : JsonSerializerOptions.Default);

    private static Dictionary<string, object?> MapToJson(IDictionary map)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            result[KeyText(entry.Key)] = ToJsonFriendly(entry.Value);
        }

        return result;
    }

    // JSON keys are strings: scalars print as themselves, composite keys as their compact JSON.
    private static string KeyText(object key) => ToJsonFriendly(key) switch
    {
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => JsonSerializer.Serialize(other),
    };

    private static Dictionary<string, object?> VertexToMap(Vertex vertex)
    {
        var map = new Dictionary<string, object?> { ["id"] = ToJsonFriendly(vertex.Id), ["label"] = vertex.Label };
        if (vertex.Properties is not null)
        {
            map["properties"] = vertex.Properties.ToDictionary(
                pair => pair.Key,
                pair => (object?)pair.Value.Select(property => ToJsonFriendly(property.Value)).ToList(),
                StringComparer.Ordinal);
        }

        return map;
    }

    private static Dictionary<string, object?> EdgeToMap(Edge edge)
    {
        var map = new Dictionary<string, object?>
        {
            ["id"] = ToJsonFriendly(edge.Id),
            ["label"] = edge.Label,
            ["outV"] = ToJsonFriendly(edge.OutV),
            ["outVLabel"] = edge.OutVLabel,
            ["inV"] = ToJsonFriendly(edge.InV),
            ["inVLabel"] = edge.InVLabel,
        };
        if (edge.Properties is not null)
        {
            map["properties"] = edge.Properties.ToDictionary(pair => pair.Key, pair => ToJsonFriendly(pair.Value), StringComparer.Ordinal);
        }

        return map;
    }
}
