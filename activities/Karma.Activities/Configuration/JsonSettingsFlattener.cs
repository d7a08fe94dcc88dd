using System.Globalization;
using System.Text.Json;

namespace Karma.Activities.Configuration;

/// <summary>
/// Flattens a JSON settings file into configuration keys (<c>a:b:0</c>) below a root, the way
/// Microsoft.Extensions.Configuration.Json does, but with errors that name the file.
/// </summary>
public static class JsonSettingsFlattener
{
    /// <summary>Keys below <paramref name="root"/>; <paramref name="source"/> names the file in <see cref="KarmaConfigurationException"/>s.</summary>
    public static Dictionary<string, string?> Flatten(string json, string root, string source)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new KarmaConfigurationException(root, source, "the file must contain a JSON object.");
            }

            Visit(document.RootElement, root, result);
        }
        catch (JsonException ex)
        {
            throw new KarmaConfigurationException(root, source, $"not valid JSON: {ex.Message}", ex);
        }

        return result;
    }

    private static void Visit(JsonElement element, string path, Dictionary<string, string?> result)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Visit(property.Value, $"{path}:{property.Name}", result);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, $"{path}:{index.ToString(CultureInfo.InvariantCulture)}", result);
                    index++;
                }

                break;
            case JsonValueKind.Null:
                result[path] = null;
                break;
            case JsonValueKind.String:
                result[path] = element.GetString();
                break;
            default:
                // Numbers and booleans keep their JSON spelling, which the binder parses.
                result[path] = element.GetRawText();
                break;
        }
    }
}
