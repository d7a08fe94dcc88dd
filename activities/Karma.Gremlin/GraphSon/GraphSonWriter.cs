using System.Collections;
using System.Text.Json;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.GraphSon;

/// <summary>Writes .NET values as GraphSON 3 (typed JSON), following TinkerPop's IO reference.</summary>
public static class GraphSonWriter
{
    // Pre-encoded names: a 10k-component write emits hundreds of thousands of them.
    private static readonly JsonEncodedText TypeKey = JsonEncodedText.Encode(GraphSonTypes.TypeKey);
    private static readonly JsonEncodedText ValueKey = JsonEncodedText.Encode(GraphSonTypes.ValueKey);
    private static readonly JsonEncodedText Int32Type = JsonEncodedText.Encode(GraphSonTypes.Int32);
    private static readonly JsonEncodedText Int64Type = JsonEncodedText.Encode(GraphSonTypes.Int64);
    private static readonly JsonEncodedText DoubleType = JsonEncodedText.Encode(GraphSonTypes.Double);
    private static readonly JsonEncodedText FloatType = JsonEncodedText.Encode(GraphSonTypes.Float);
    private static readonly JsonEncodedText DateType = JsonEncodedText.Encode(GraphSonTypes.Date);
    private static readonly JsonEncodedText UuidType = JsonEncodedText.Encode(GraphSonTypes.Uuid);
    private static readonly JsonEncodedText TType = JsonEncodedText.Encode(GraphSonTypes.T);
    private static readonly JsonEncodedText DirectionType = JsonEncodedText.Encode(GraphSonTypes.Direction);
    private static readonly JsonEncodedText MergeType = JsonEncodedText.Encode(GraphSonTypes.Merge);
    private static readonly JsonEncodedText CardinalityType = JsonEncodedText.Encode(GraphSonTypes.Cardinality);
    private static readonly JsonEncodedText BytecodeType = JsonEncodedText.Encode(GraphSonTypes.Bytecode);
    private static readonly JsonEncodedText VertexType = JsonEncodedText.Encode(GraphSonTypes.Vertex);
    private static readonly JsonEncodedText VertexPropertyType = JsonEncodedText.Encode(GraphSonTypes.VertexProperty);
    private static readonly JsonEncodedText EdgeType = JsonEncodedText.Encode(GraphSonTypes.Edge);
    private static readonly JsonEncodedText PropertyType = JsonEncodedText.Encode(GraphSonTypes.Property);
    private static readonly JsonEncodedText TraverserType = JsonEncodedText.Encode(GraphSonTypes.Traverser);
    private static readonly JsonEncodedText SetType = JsonEncodedText.Encode(GraphSonTypes.Set);
    private static readonly JsonEncodedText MapType = JsonEncodedText.Encode(GraphSonTypes.Map);
    private static readonly JsonEncodedText ListType = JsonEncodedText.Encode(GraphSonTypes.List);

    internal static readonly JsonWriterOptions Unvalidated = new() { SkipValidation = true };

    public static byte[] ToUtf8(object? value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Unvalidated))
        {
            Write(json, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ToJson(object? value) => System.Text.Encoding.UTF8.GetString(ToUtf8(value));

    public static void Write(Utf8JsonWriter json, object? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int number:
                WriteTyped(json, Int32Type, number, static (w, v) => w.WriteNumberValue(v));
                break;
            case long number:
                WriteTyped(json, Int64Type, number, static (w, v) => w.WriteNumberValue(v));
                break;
            case double number:
                WriteTyped(json, DoubleType, number, WriteDouble);
                break;
            case float number:
                WriteTyped(json, FloatType, number, WriteFloat);
                break;
            case DateTimeOffset date:
                WriteTyped(json, DateType, date.ToUnixTimeMilliseconds(), static (w, v) => w.WriteNumberValue(v));
                break;
            case DateTime date:
                Write(json, ToOffset(date));
                break;
            case Guid id:
                WriteTyped(json, UuidType, id, static (w, v) => w.WriteStringValue(v.ToString("D")));
                break;
            case T token:
                WriteTyped(json, TType, token.ToWire(), static (w, v) => w.WriteStringValue(v));
                break;
            case Direction direction:
                WriteTyped(json, DirectionType, direction.ToWire(), static (w, v) => w.WriteStringValue(v));
                break;
            case Merge merge:
                WriteTyped(json, MergeType, merge.ToWire(), static (w, v) => w.WriteStringValue(v));
                break;
            case Cardinality cardinality:
                WriteTyped(json, CardinalityType, cardinality.ToWire(), static (w, v) => w.WriteStringValue(v));
                break;
            case Bytecode bytecode:
                WriteTyped(json, BytecodeType, bytecode, WriteBytecode);
                break;
            case GraphTraversal traversal:
                Write(json, traversal.Bytecode);
                break;
            case Vertex vertex:
                WriteTyped(json, VertexType, vertex, WriteVertex);
                break;
            case VertexProperty property:
                WriteTyped(json, VertexPropertyType, property, WriteVertexProperty);
                break;
            case Edge edge:
                WriteTyped(json, EdgeType, edge, WriteEdge);
                break;
            case ElementProperty property:
                WriteTyped(json, PropertyType, property, WriteProperty);
                break;
            case Traverser traverser:
                WriteTyped(json, TraverserType, traverser, WriteTraverser);
                break;
            case GraphSonTypedValue { RawValueJson: { } raw } typed:
                WriteTyped(json, JsonEncodedText.Encode(typed.Type), raw, static (w, v) => w.WriteRawValue(v));
                break;
            case GraphSonTypedValue typed:
                WriteTyped(json, JsonEncodedText.Encode(typed.Type), typed.Value, Write);
                break;
            case GremlinSet set:
                WriteTyped(json, SetType, set, WriteItems);
                break;
            case IDictionary map:
                WriteTyped(json, MapType, map, WriteMap);
                break;
            case IEnumerable items when IsSet(items):
                WriteTyped(json, SetType, items, WriteItems);
                break;
            case IEnumerable items:
                WriteTyped(json, ListType, items, WriteItems);
                break;
            default:
                throw new GraphSonException(
                    $"GraphSON 3 writer does not support values of type {value.GetType().FullName}; " +
                    "use string, int, long, float, double, bool, DateTimeOffset, Guid, lists, maps or graph elements.");
        }
    }

    private static void WriteTyped<TValue>(Utf8JsonWriter json, JsonEncodedText type, TValue value, Action<Utf8JsonWriter, TValue> writeValue)
    {
        json.WriteStartObject();
        json.WriteString(TypeKey, type);
        json.WritePropertyName(ValueKey);
        writeValue(json, value);
        json.WriteEndObject();
    }

    // JSON has no NaN or infinities; GraphSON spells them as strings.
    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static DateTimeOffset ToOffset(DateTime date) =>
        date.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc))
            : new DateTimeOffset(date);

    private static bool IsSet(IEnumerable items) =>
        items.GetType().GetInterfaces().Any(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ISet<>));

    private static void WriteItems(Utf8JsonWriter json, IEnumerable items)
    {
        json.WriteStartArray();
        foreach (var item in items)
        {
            Write(json, item);
        }

        json.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter json, IDictionary map)
    {
        json.WriteStartArray();
        foreach (DictionaryEntry entry in map)
        {
            Write(json, entry.Key);
            Write(json, entry.Value);
        }

        json.WriteEndArray();
    }

    private static void WriteBytecode(Utf8JsonWriter json, Bytecode bytecode)
    {
        json.WriteStartObject();
        if (bytecode.SourceInstructions.Count > 0)
        {
            WriteInstructions(json, "source", bytecode.SourceInstructions);
        }

        WriteInstructions(json, "step", bytecode.StepInstructions);
        json.WriteEndObject();
    }

    private static void WriteInstructions(Utf8JsonWriter json, string name, IReadOnlyList<Instruction> instructions)
    {
        json.WriteStartArray(name);
        foreach (var instruction in instructions)
        {
            json.WriteStartArray();
            json.WriteStringValue(instruction.Operator);
            foreach (var argument in instruction.Arguments)
            {
                Write(json, argument);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static void WriteVertex(Utf8JsonWriter json, Vertex vertex)
    {
        json.WriteStartObject();
        json.WritePropertyName("id");
        Write(json, vertex.Id);
        json.WriteString("label", vertex.Label);
        if (vertex.Properties is not null)
        {
            json.WriteStartObject("properties");
            foreach (var (key, values) in vertex.Properties)
            {
                json.WritePropertyName(key);
                WriteItems(json, values);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteVertexProperty(Utf8JsonWriter json, VertexProperty property)
    {
        json.WriteStartObject();
        json.WritePropertyName("id");
        Write(json, property.Id);
        json.WritePropertyName("value");
        Write(json, property.Value);
        json.WriteString("label", property.Label);
        if (property.Properties is not null)
        {
            json.WriteStartObject("properties");
            foreach (var (key, value) in property.Properties)
            {
                json.WritePropertyName(key);
                Write(json, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteEdge(Utf8JsonWriter json, Edge edge)
    {
        json.WriteStartObject();
        json.WritePropertyName("id");
        Write(json, edge.Id);
        json.WriteString("label", edge.Label);
        json.WriteString("inVLabel", edge.InVLabel);
        json.WriteString("outVLabel", edge.OutVLabel);
        json.WritePropertyName("inV");
        Write(json, edge.InV);
        json.WritePropertyName("outV");
        Write(json, edge.OutV);
        if (edge.Properties is not null)
        {
            json.WriteStartObject("properties");
            foreach (var (key, value) in edge.Properties)
            {
                json.WritePropertyName(key);
                Write(json, new ElementProperty(key, value));
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter json, ElementProperty property)
    {
        json.WriteStartObject();
        json.WriteString("key", property.Key);
        json.WritePropertyName("value");
        Write(json, property.Value);
        json.WriteEndObject();
    }

    private static void WriteTraverser(Utf8JsonWriter json, Traverser traverser)
    {
        json.WriteStartObject();
        json.WritePropertyName("bulk");
        Write(json, traverser.Bulk);
        json.WritePropertyName("value");
        Write(json, traverser.Value);
        json.WriteEndObject();
    }
}
