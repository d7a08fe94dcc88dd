using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Karma.Core.Model;

namespace Karma.Core.Rendering;

internal static class JsonGraphRenderer
{
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(ComponentGraph graph, IReadOnlyList<ComponentNode> nodes, IReadOnlyList<DependencyEdge> edges)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("environment", graph.Environment);
            writer.WriteString("git_commit", graph.GitCommit);
            writer.WriteStartArray("nodes");
            foreach (var node in nodes)
            {
                writer.WriteStartObject();
                writer.WriteString("id", node.Id.ToString());
                writer.WriteString("type", node.Id.Type);
                writer.WriteString("nickname", node.Id.Nickname);
                writer.WriteString("environment", node.Environment);
                writer.WriteString("config_path", node.ConfigPath);
                writer.WriteString("runtime_path", node.RuntimePath);
                writer.WriteString("config_hash", node.ConfigHash);
                writer.WriteString("git_commit", node.GitCommit);
                writer.WriteString("last_change_id", node.LastChangeId);
                WriteNullableBool(writer, "has_runtime", node.HasRuntime);
                WriteNullableBool(writer, "config_drift", node.ConfigDrift);
                writer.WriteString("state", GraphRenderer.State(node));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("edges");
            foreach (var edge in edges)
            {
                writer.WriteStartObject();
                writer.WriteString("from", edge.From.ToString());
                writer.WriteString("label", edge.Label.ToWire());
                writer.WriteString("to", edge.To.ToString());
                writer.WriteString("json_path", edge.JsonPath);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNullableBool(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
