using System.Text.Json;

namespace Karma.Activities.Git;

/// <summary>
/// The config repo's root <c>karma.json</c>: <c>aliases</c> (extra <c>&lt;t&gt;_nickname</c> → type mappings),
/// <c>modules</c> (component type → Terraform module source), and any other Karma configuration keys,
/// kept as <see cref="RawJson"/> for the configuration layer (see KarmaConfigurationLoader).
/// </summary>
public sealed record KarmaRepoFile(
    string? RawJson,
    IReadOnlyDictionary<string, string> Aliases,
    IReadOnlyDictionary<string, string> Modules)
{
    public const string FileName = "karma.json";

    public static KarmaRepoFile Empty { get; } = new(null, new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <param name="where">Names the file in messages, e.g. "karma.json at 1a2b3c4d".</param>
    public static KarmaRepoFile Parse(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigLayoutException($"{where} must be a JSON object.");
            }

            return new KarmaRepoFile(
                json,
                StringMap(document.RootElement, "aliases", where),
                StringMap(document.RootElement, "modules", where));
        }
        catch (JsonException ex)
        {
            throw new ConfigLayoutException($"{where} is not valid JSON: {ex.Message}");
        }
    }

    private static Dictionary<string, string> StringMap(JsonElement root, string property, string where)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var found = root.EnumerateObject().FirstOrDefault(p => p.Name.Equals(property, StringComparison.OrdinalIgnoreCase));
        if (found.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return map;
        }

        if (found.Value.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigLayoutException($"{where}: '{property}' must be an object of strings.");
        }

        foreach (var entry in found.Value.EnumerateObject())
        {
            map[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                ? entry.Value.GetString()!
                : throw new ConfigLayoutException($"{where}: '{property}.{entry.Name}' must be a string.");
        }

        return map;
    }
}
