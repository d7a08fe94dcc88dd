using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Activities.Configuration;
using Karma.Slack.Messages;

namespace Karma.Worker.Slack;

/// <summary>
/// The key-by-key difference between the published config and the proposed one, as approval requests show it.
/// Objects are walked into dotted keys; arrays and scalars compare as whole values. Keys that name a password,
/// secret or token are marked sensitive, so their values are never rendered (and are scrubbed from other text).
/// </summary>
public static class ConfigDiff
{
    public const string WholeConfigKey = "(config)";

    public static IReadOnlyList<ConfigDiffLine> Between(string? publishedJson, string proposedJson)
    {
        ArgumentNullException.ThrowIfNull(proposedJson);
        var before = Flatten(publishedJson);
        var after = Flatten(proposedJson);
        if (before is null || after is null)
        {
            // Not JSON objects (should not pass validation): show that it changes without guessing at structure.
            return [new ConfigDiffLine(WholeConfigKey, publishedJson is null ? ConfigChangeKind.Added : ConfigChangeKind.Changed, null, null, Sensitive: true)];
        }

        var lines = new List<ConfigDiffLine>();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var had = before.TryGetValue(key, out var old);
            var has = after.TryGetValue(key, out var value);
            var sensitive = KarmaConfiguration.IsSecretKey(key);
            if (had && has && old != value)
            {
                lines.Add(new ConfigDiffLine(key, ConfigChangeKind.Changed, old, value, sensitive));
            }
            else if (!had && has)
            {
                lines.Add(new ConfigDiffLine(key, ConfigChangeKind.Added, null, value, sensitive));
            }
            else if (had && !has)
            {
                lines.Add(new ConfigDiffLine(key, ConfigChangeKind.Removed, old, null, sensitive));
            }
        }

        return lines;
    }

    private static SortedDictionary<string, string>? Flatten(string? json)
    {
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return flat;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is not JsonObject obj)
        {
            return null;
        }

        Walk(obj, string.Empty, flat);
        return flat;
    }

    private static void Walk(JsonObject obj, string prefix, SortedDictionary<string, string> flat)
    {
        foreach (var (name, value) in obj)
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (value is JsonObject child && child.Count > 0)
            {
                Walk(child, key, flat);
            }
            else
            {
                flat[key] = value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String
                    ? scalar.GetValue<string>()
                    : value?.ToJsonString() ?? "null";
            }
        }
    }
}
