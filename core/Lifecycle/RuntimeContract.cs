using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Core.Model;

namespace Karma.Core.Lifecycle;

/// <summary>A dependent reads these keys of its provider's runtime JSON.</summary>
public sealed record ConsumedKeys(ComponentId Consumer, ComponentId Provider, IReadOnlyList<string> Keys);

/// <summary>A dependent that would lose keys it reads.</summary>
public sealed record BrokenConsumer(ComponentId Consumer, IReadOnlyList<string> MissingKeys)
{
    public override string ToString() => $"{Consumer} reads {string.Join(", ", MissingKeys)}";
}

/// <summary>Pure checks on runtime JSON objects against what dependents consume.</summary>
public static class RuntimeContract
{
    /// <summary>Dependents that read a key absent from <paramref name="runtimeKeys"/>.</summary>
    public static IReadOnlyList<BrokenConsumer> BrokenBy(IEnumerable<string> runtimeKeys, IEnumerable<ConsumedKeys> consumers)
    {
        var present = runtimeKeys.ToHashSet(StringComparer.Ordinal);
        return consumers
            .Select(c => new BrokenConsumer(c.Consumer, c.Keys.Where(k => !present.Contains(k)).Distinct().Order(StringComparer.Ordinal).ToList()))
            .Where(b => b.MissingKeys.Count > 0)
            .OrderBy(b => b.Consumer)
            .ToList();
    }

    /// <summary>Top-level keys whose values differ between two runtime JSON objects (added and removed keys included).</summary>
    public static IReadOnlySet<string> ChangedKeys(string? beforeJson, string? afterJson)
    {
        var before = ParseObject(beforeJson);
        var after = ParseObject(afterJson);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            before.TryGetPropertyValue(key, out var b);
            after.TryGetPropertyValue(key, out var a);
            if (!JsonNode.DeepEquals(b, a))
            {
                changed.Add(key);
            }
        }

        return changed;
    }

    /// <summary>Top-level key names of a runtime JSON object (empty when absent).</summary>
    public static IReadOnlyList<string> Keys(string? runtimeJson) =>
        ParseObject(runtimeJson).Select(p => p.Key).ToList();

    private static JsonObject ParseObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new FormatException("Runtime JSON must be an object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Runtime JSON is not valid JSON: {e.Message}", e);
        }
    }
}
