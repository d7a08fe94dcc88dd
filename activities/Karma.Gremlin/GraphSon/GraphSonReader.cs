using System.Text.Json;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.GraphSon;

/// <summary>
/// Reads GraphSON 3 into .NET values: g:Int32 → int, g:Int64 → long, g:Float → float, g:Double → double,
/// g:Date → DateTimeOffset, g:UUID → Guid, g:List → List&lt;object?&gt;, g:Set → <see cref="GremlinSet"/>,
/// g:Map → Dictionary&lt;object, object?&gt;, graph elements and tokens → the types in <see cref="Graph"/>.
/// </summary>
public static class GraphSonReader
{
    public static object? Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new GraphSonException($"Not valid JSON: {ex.Message}", ex);
        }
    }

    public static object? Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    public static object? Read(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                // Only envelopes (e.g. status.code) carry untyped numbers in GraphSON 3.
                return element.TryGetInt64(out var integral) ? (object)integral : element.GetDouble();
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(Read).ToList();
            case JsonValueKind.Object:
                return TryGetTyped(element, out var type, out var value) ? ReadTyped(type, value) : ReadUntypedObject(element);
            default:
                throw new GraphSonException($"Unexpected JSON token {element.ValueKind}.");
        }
    }

    private static bool TryGetTyped(JsonElement element, out string type, out JsonElement value)
    {
        type = string.Empty;
        value = default;
        if (!element.TryGetProperty(GraphSonTypes.TypeKey, out var typeElement))
        {
            return false;
        }

        if (typeElement.ValueKind != JsonValueKind.String || !element.TryGetProperty(GraphSonTypes.ValueKey, out value))
        {
            throw new GraphSonException($"A typed GraphSON value needs a string '@type' and an '@value': {Snippet(element)}");
        }

        type = typeElement.GetString()!;
        return true;
    }

    private static Dictionary<string, object?> ReadUntypedObject(JsonElement element)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = Read(property.Value);
        }

        return map;
    }

    private static object? ReadTyped(string type, JsonElement value)
    {
        try
        {
            return type switch
            {
                GraphSonTypes.Int32 => value.GetInt32(),
                GraphSonTypes.Int64 => value.GetInt64(),
                GraphSonTypes.Double => value.ValueKind == JsonValueKind.String ? ParseSpecialDouble(value.GetString()) : value.GetDouble(),
                GraphSonTypes.Float => value.ValueKind == JsonValueKind.String ? (float)ParseSpecialDouble(value.GetString()) : value.GetSingle(),
                GraphSonTypes.Date => DateTimeOffset.FromUnixTimeMilliseconds(value.GetInt64()),
                GraphSonTypes.Uuid => Guid.Parse(value.GetString()!),
                GraphSonTypes.List => ReadArray(value).ToList(),
                GraphSonTypes.Set => new GremlinSet(ReadArray(value)),
                GraphSonTypes.BulkSet => ReadBulkSet(value),
                GraphSonTypes.Map => ReadMap(value),
                GraphSonTypes.T => GremlinTokenNames.ParseT(value.GetString()!),
                GraphSonTypes.Direction => GremlinTokenNames.ParseDirection(value.GetString()!),
                GraphSonTypes.Merge => GremlinTokenNames.ParseMerge(value.GetString()!),
                GraphSonTypes.Cardinality => GremlinTokenNames.ParseCardinality(value.GetString()!),
                GraphSonTypes.Vertex => ReadVertex(value),
                GraphSonTypes.VertexProperty => ReadVertexProperty(value),
                GraphSonTypes.Edge => ReadEdge(value),
                GraphSonTypes.Property => ReadProperty(value),
                GraphSonTypes.Traverser => new Traverser(ToLong(Read(Required(value, "bulk"))), Read(Required(value, "value"))),
                GraphSonTypes.Bytecode => ReadBytecode(value),
                _ => new GraphSonTypedValue(type, Read(value)) { RawValueJson = value.GetRawText() },
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException or KeyNotFoundException)
        {
            throw new GraphSonException($"Invalid {type} value {Snippet(value)}: {ex.Message}", ex);
        }
    }

    private static double ParseSpecialDouble(string? text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => throw new FormatException($"'{text}' is not a number (only NaN, Infinity and -Infinity may be strings)."),
    };

    private static IEnumerable<object?> ReadArray(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("expected a JSON array");
        }

        return value.EnumerateArray().Select(Read);
    }

    private static Dictionary<object, object?> ReadMap(JsonElement value)
    {
        var items = ReadArray(value).ToList();
        if (items.Count % 2 != 0)
        {
            throw new FormatException("a g:Map array must hold key/value pairs (even length)");
        }

        var map = new Dictionary<object, object?>(items.Count / 2);
        for (var i = 0; i < items.Count; i += 2)
        {
            var key = items[i] ?? throw new FormatException("a g:Map key is null");
            map[key] = items[i + 1];
        }

        return map;
    }

    // A BulkSet is [value, bulk, value, bulk, …]; callers want the values repeated, as TinkerPop's drivers give them.
    private static List<object?> ReadBulkSet(JsonElement value)
    {
        var items = ReadArray(value).ToList();
        var expanded = new List<object?>();
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            for (long n = 0; n < ToLong(items[i + 1]); n++)
            {
                expanded.Add(items[i]);
            }
        }

        return expanded;
    }

    private static Vertex ReadVertex(JsonElement value)
    {
        Dictionary<string, IReadOnlyList<VertexProperty>>? properties = null;
        if (value.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            properties = new Dictionary<string, IReadOnlyList<VertexProperty>>(StringComparer.Ordinal);
            foreach (var property in props.EnumerateObject())
            {
                properties[property.Name] = ReadArray(property.Value)
                    .Select(item => item as VertexProperty ?? throw new FormatException($"property '{property.Name}' holds a non-VertexProperty"))
                    .ToList();
            }
        }

        return new Vertex(ReadId(value), ReadLabel(value, "label"), properties);
    }

    private static VertexProperty ReadVertexProperty(JsonElement value) =>
        new(ReadId(value), ReadLabel(value, "label"), Read(Required(value, "value")), ReadPlainProperties(value));

    private static Edge ReadEdge(JsonElement value)
    {
        var properties = ReadPlainProperties(value);
        return new Edge(
            ReadId(value),
            ReadLabel(value, "label"),
            Read(Required(value, "outV")) ?? throw new FormatException("edge outV is null"),
            ReadLabel(value, "outVLabel"),
            Read(Required(value, "inV")) ?? throw new FormatException("edge inV is null"),
            ReadLabel(value, "inVLabel"),
            properties);
    }

    // Edge properties are g:Property values; meta-properties of a vertex property are plain values.
    private static Dictionary<string, object?>? ReadPlainProperties(JsonElement value)
    {
        if (!value.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in props.EnumerateObject())
        {
            var item = Read(property.Value);
            map[property.Name] = item is ElementProperty wrapped ? wrapped.Value : item;
        }

        return map;
    }

    private static ElementProperty ReadProperty(JsonElement value) =>
        new(Required(value, "key").GetString() ?? throw new FormatException("property key is null"), Read(Required(value, "value")));

    private static Bytecode ReadBytecode(JsonElement value)
    {
        var bytecode = new Bytecode();
        if (value.TryGetProperty("source", out var sources))
        {
            foreach (var (op, args) in ReadInstructions(sources))
            {
                bytecode.AddSource(op, args);
            }
        }

        if (value.TryGetProperty("step", out var steps))
        {
            foreach (var (op, args) in ReadInstructions(steps))
            {
                bytecode.AddStep(op, args);
            }
        }

        return bytecode;
    }

    private static IEnumerable<(string Op, object?[] Args)> ReadInstructions(JsonElement instructions)
    {
        foreach (var instruction in instructions.EnumerateArray())
        {
            var parts = instruction.EnumerateArray().ToList();
            if (parts.Count == 0 || parts[0].ValueKind != JsonValueKind.String)
            {
                throw new FormatException("a bytecode instruction must start with its operator name");
            }

            yield return (parts[0].GetString()!, parts.Skip(1).Select(Read).ToArray());
        }
    }

    private static object ReadId(JsonElement value) => Read(Required(value, "id")) ?? throw new FormatException("element id is null");

    private static string ReadLabel(JsonElement value, string name) =>
        value.TryGetProperty(name, out var label) && label.ValueKind == JsonValueKind.String ? label.GetString()! : string.Empty;

    private static JsonElement Required(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var found)
            ? found
            : throw new FormatException($"missing '{name}'");

    internal static long ToLong(object? value) => value switch
    {
        int i => i,
        long l => l,
        _ => throw new FormatException($"expected an integer, got {value?.GetType().Name ?? "null"}"),
    };

    private static string Snippet(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 120 ? text : text[..120] + "…";
    }
}
