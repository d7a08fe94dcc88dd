using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Rendering;

namespace Karma.Worker.Api;

/// <summary>Which part of the graph a <c>GET /graph</c> asks for: a type, and a page of nodes after a cursor.</summary>
/// <param name="Limit">Nodes per page; null for everything after <paramref name="After"/>.</param>
public readonly record struct GraphPageKey(string? Type, ComponentId? After, int? Limit)
{
    public static GraphPageKey Whole => default;
}

/// <summary>
/// Renders the graph listing of <c>GET /graph</c> with the CLI's JSON renderer (same fields as <c>karma graph show
/// --format json</c>), written compact and with <c>graph_version</c> (and <c>next_after</c> when paged) added.
/// Pages follow the canonical node order (by id, so a type's nodes are contiguous); each edge is listed once, on the
/// page that holds its <c>from</c> component (with a type filter: the page of whichever end has that type, <c>from</c>
/// first), so concatenating the pages gives the unpaged document's nodes and edges.
/// </summary>
internal sealed class GraphListing(ComponentGraph graph, long version)
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ComponentNode[] _nodes = GraphOrder.Sorted(graph.Nodes);
    private readonly DependencyEdge[] _edges = GraphOrder.Sorted(graph.Edges);

    public byte[] Render(GraphPageKey key)
    {
        var (first, end) = key.Type is { } type ? TypeRange(type) : (0, _nodes.Length);
        if (key.After is { } after)
        {
            first = Math.Max(first, FirstNodeAfter(after));
        }

        var count = Math.Max(0, Math.Min(end - first, key.Limit ?? int.MaxValue));
        var page = _nodes.AsSpan(first, count).ToArray();
        ComponentId? next = first + count < end ? page[^1].Id : null;
        bool InPage(ComponentId id) => (key.After is not { } low || id > low) && (next is not { } high || id <= high);
        var edges = key.Type is { } t
            ? _edges.Where(e => (e.From.Type == t && InPage(e.From)) || (e.To.Type == t && e.From.Type != t && InPage(e.To))).ToArray()
            : EdgesFrom(key.After, next);
        var rendered = GraphRenderer.Render(graph with { Nodes = page, Edges = edges }, GraphFormat.Json);
        return Rewrite(rendered, key.Limit is not null, next);
    }

    /// <summary>
    /// Copies the renderer's document token by token into a compact writer and appends the paging fields to the root.
    /// A streaming copy, not a parsed document: nothing the size of the graph is kept in pooled buffers afterwards.
    /// </summary>
    private byte[] Rewrite(string rendered, bool paged, ComponentId? next)
    {
        var utf8 = Encoding.UTF8.GetBytes(rendered);
        var buffer = new ArrayBufferWriter<byte>(utf8.Length);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            var reader = new Utf8JsonReader(utf8);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
                    case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True or JsonTokenType.False: writer.WriteBooleanValue(reader.GetBoolean()); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                    case JsonTokenType.EndObject:
                        if (reader.CurrentDepth == 0)
                        {
                            WritePaging(writer, paged, next);
                        }

                        writer.WriteEndObject();
                        break;
                }
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WritePaging(Utf8JsonWriter writer, bool paged, ComponentId? next)
    {
        writer.WriteNumber("graph_version", version);
        if (!paged)
        {
            return;
        }

        if (next is { } cursor)
        {
            writer.WriteString("next_after", cursor.ToString());
        }
        else
        {
            writer.WriteNull("next_after");
        }
    }

    private (int First, int End) TypeRange(string type)
    {
        var first = LowerBound(_nodes.Length, i => string.CompareOrdinal(_nodes[i].Id.Type, type) >= 0);
        var end = LowerBound(_nodes.Length, i => string.CompareOrdinal(_nodes[i].Id.Type, type) > 0);
        return (first, end);
    }

    private int FirstNodeAfter(ComponentId after) => LowerBound(_nodes.Length, i => _nodes[i].Id > after);

    /// <summary>Edges whose <c>from</c> lies in (after, upTo]: a contiguous run, as edges are ordered by <c>from</c> first.</summary>
    private DependencyEdge[] EdgesFrom(ComponentId? after, ComponentId? upTo)
    {
        var first = after is { } low ? LowerBound(_edges.Length, i => _edges[i].From > low) : 0;
        var end = upTo is { } high ? LowerBound(_edges.Length, i => _edges[i].From > high) : _edges.Length;
        return _edges.AsSpan(first, Math.Max(0, end - first)).ToArray();
    }

    /// <summary>The first index in [0, length) where the monotone <paramref name="reached"/> is true (length if never).</summary>
    private static int LowerBound(int length, Func<int, bool> reached)
    {
        int low = 0, high = length;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (reached(mid))
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }
}
