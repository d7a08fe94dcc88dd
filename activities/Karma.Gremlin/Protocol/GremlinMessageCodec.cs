using System.Buffers;
using System.Text;
using System.Text.Json;
using Karma.Gremlin.GraphSon;

namespace Karma.Gremlin.Protocol;

/// <summary>
/// Frames and parses Gremlin Server messages. A request is one binary WebSocket message: one byte holding the
/// mime type's length, the mime type, then the GraphSON 3 JSON of the request. Responses are plain JSON.
/// </summary>
public static class GremlinMessageCodec
{
    public const string MimeType = "application/vnd.gremlin-v3.0+json";

    private static readonly byte[] MimePrefix = BuildMimePrefix();

    public static byte[] EncodeRequest(GremlinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(4096);
        buffer.Write(MimePrefix);
        using (var json = new Utf8JsonWriter(buffer, GraphSonWriter.Unvalidated))
        {
            json.WriteStartObject();
            json.WriteString("requestId", request.RequestId.ToString("D"));
            json.WriteString("op", request.Op);
            json.WriteString("processor", request.Processor);
            json.WritePropertyName("args");
            GraphSonWriter.Write(json, request.Args);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a framed request (what a server receives); used by test peers and diagnostics.</summary>
    public static GremlinRequest DecodeRequest(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 1 || frame.Length < 1 + frame[0])
        {
            throw new GraphSonException("Request frame is shorter than its mime-type prefix.");
        }

        var mime = Encoding.UTF8.GetString(frame.Slice(1, frame[0]));
        if (!string.Equals(mime, MimeType, StringComparison.Ordinal))
        {
            throw new GraphSonException($"Request frame has mime type '{mime}', expected '{MimeType}'.");
        }

        var root = GraphSonReader.Parse(frame[(1 + frame[0])..]) as Dictionary<string, object?>
            ?? throw new GraphSonException("A request must be a JSON object.");
        var requestId = ParseGuid(root.GetValueOrDefault("requestId"))
            ?? throw new GraphSonException("A request needs a requestId.");
        var op = root.GetValueOrDefault("op") as string ?? throw new GraphSonException("A request needs an op.");
        var processor = root.GetValueOrDefault("processor") as string ?? string.Empty;
        var args = root.GetValueOrDefault("args") switch
        {
            Dictionary<object, object?> typed => typed.ToDictionary(pair => pair.Key.ToString()!, pair => pair.Value, StringComparer.Ordinal),
            Dictionary<string, object?> plain => plain,
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            _ => throw new GraphSonException("A request's args must be a map."),
        };
        return new GremlinRequest(requestId, op, processor, args);
    }

    public static byte[] EncodeResponse(GremlinResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (response.RequestId is { } id)
            {
                json.WriteString("requestId", id.ToString("D"));
            }
            else
            {
                json.WriteNull("requestId");
            }

            json.WriteStartObject("status");
            json.WriteString("message", response.StatusMessage);
            json.WriteNumber("code", response.StatusCode);
            json.WritePropertyName("attributes");
            GraphSonWriter.Write(json, response.StatusAttributes);
            json.WriteEndObject();
            json.WriteStartObject("result");
            json.WritePropertyName("data");
            GraphSonWriter.Write(json, response.Data);
            json.WritePropertyName("meta");
            GraphSonWriter.Write(json, new Dictionary<object, object?>());
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static GremlinResponse DecodeResponse(ReadOnlySpan<byte> json)
    {
        var root = GraphSonReader.Parse(json) as Dictionary<string, object?>
            ?? throw new GraphSonException("A response must be a JSON object.");
        var status = root.GetValueOrDefault("status") as Dictionary<string, object?>
            ?? throw new GraphSonException("A response needs a status object.");
        var code = status.GetValueOrDefault("code") switch
        {
            long number => (int)number,
            int number => number,
            _ => throw new GraphSonException("A response status needs a numeric code."),
        };
        var attributes = status.GetValueOrDefault("attributes") switch
        {
            Dictionary<object, object?> typed => typed,
            Dictionary<string, object?> plain => plain.ToDictionary(pair => (object)pair.Key, pair => pair.Value),
            _ => new Dictionary<object, object?>(),
        };
        var result = root.GetValueOrDefault("result") as Dictionary<string, object?>;
        return new GremlinResponse(
            ParseGuid(root.GetValueOrDefault("requestId")),
            code,
            status.GetValueOrDefault("message") as string ?? string.Empty,
            attributes,
            result?.GetValueOrDefault("data"));
    }

    /// <summary>
    /// The server's error class. Neptune puts a JSON document with a <c>code</c> in the status message;
    /// Gremlin Server lists exception class names under the <c>exceptions</c> attribute.
    /// </summary>
    public static string? ServerErrorCode(GremlinResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var message = response.StatusMessage.TrimStart();
        if (message.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(message);
                if (document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    return code.GetString();
                }
            }
            catch (JsonException)
            {
                // Not Neptune's JSON after all: fall through to the attributes.
            }
        }

        if (response.StatusAttributes.TryGetValue("exceptions", out var exceptions) &&
            exceptions is IEnumerable<object?> names &&
            names.FirstOrDefault() is string first)
        {
            return first[(first.LastIndexOf('.') + 1)..];
        }

        return null;
    }

    private static Guid? ParseGuid(object? value) => value switch
    {
        Guid id => id,
        string text when Guid.TryParse(text, out var id) => id,
        _ => null,
    };

    private static byte[] BuildMimePrefix()
    {
        var mime = Encoding.UTF8.GetBytes(MimeType);
        return [(byte)mime.Length, .. mime];
    }
}
