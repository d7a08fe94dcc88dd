using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Karma.TemporalDev.Http;

/// <summary>
/// Builds an RPC request from an HTTP request as grpc-gateway does: the JSON body (proto3 JSON) goes to the whole
/// request or to the route's body field, then query parameters, then path variables set the fields their (dotted)
/// names point at. Field names are accepted in JSON (<c>runId</c>) or proto (<c>run_id</c>) spelling; unknown query
/// parameters are ignored, as are unknown body fields (the UI may be newer than these descriptors).
/// </summary>
internal static class HttpRequestBinder
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static IMessage Bind(
        HttpRoute route,
        string? body,
        IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>> pathBindings)
    {
        var descriptor = route.Method.InputType;
        var root = new JsonObject();
        if (!string.IsNullOrWhiteSpace(body) && route.Body.Length > 0)
        {
            var parsed = JsonNode.Parse(body) ?? throw new FormatException("The request body is JSON null.");
            if (route.Body == "*")
            {
                root = parsed as JsonObject ?? throw new FormatException("The request body must be a JSON object.");
            }
            else
            {
                var field = descriptor.FindFieldByName(route.Body) ?? throw new InvalidOperationException($"{route.Label}: no body field {route.Body}.");
                root[field.JsonName] = parsed;
            }
        }

        foreach (var (name, value) in query)
        {
            Set(root, descriptor, name, value, required: false);
        }

        foreach (var (name, value) in pathBindings)
        {
            Set(root, descriptor, name, value, required: true);
        }

        return Parser.Parse(root.ToJsonString(), descriptor);
    }

    private static void Set(JsonObject root, MessageDescriptor descriptor, string path, string value, bool required)
    {
        var names = path.Split('.');
        var node = root;
        var message = descriptor;
        for (var i = 0; i < names.Length; i++)
        {
            var field = Find(message, names[i]);
            if (field is null)
            {
                return;
            }

            if (i == names.Length - 1)
            {
                var leaf = Leaf(field, value, path);
                if (field.IsRepeated)
                {
                    if (node[field.JsonName] is not JsonArray list)
                    {
                        node[field.JsonName] = list = [];
                    }

                    list.Add(leaf);
                }
                else
                {
                    node[field.JsonName] = leaf;
                }

                return;
            }

            if (field.FieldType != FieldType.Message || field.IsRepeated || field.IsMap)
            {
                if (required)
                {
                    throw new FormatException($"'{path}' does not name a field of {descriptor.Name}.");
                }

                return;
            }

            if (node[field.JsonName] is not JsonObject child)
            {
                node[field.JsonName] = child = [];
            }

            node = child;
            message = field.MessageType;
        }
    }

    private static FieldDescriptor? Find(MessageDescriptor message, string name) =>
        message.FindFieldByName(name) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);

    /// <summary>A query or path string as the JSON value proto3 JSON expects for the field's type.</summary>
    private static JsonValue Leaf(FieldDescriptor field, string value, string path) => field.FieldType switch
    {
        FieldType.Bool => value.ToUpperInvariant() switch
        {
            "TRUE" or "1" => JsonValue.Create(true),
            "FALSE" or "0" => JsonValue.Create(false),
            _ => throw new FormatException($"'{path}' must be true or false, not '{value}'."),
        },
        FieldType.Enum when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };
}
