using System.Text.Json.Nodes;
using Karma.Core.Secrets;

namespace Karma.Activities.Terraform;

/// <summary>
/// A component's runtime outputs (<c>terraform output -json</c>), name → value as compact JSON.
/// Sensitive outputs are left out or redacted per <see cref="SensitiveOutputHandling"/>; their names are listed.
/// </summary>
public sealed record TerraformOutputs(
    IReadOnlyDictionary<string, string> ValuesJson,
    IReadOnlyList<string> SensitiveNames)
{
    /// <summary>The outputs as one JSON object, the shape Karma publishes to <c>…/runtime</c>.</summary>
    public string ToRuntimeJson()
    {
        var runtime = new JsonObject();
        foreach (var (name, json) in ValuesJson.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            runtime[name] = JsonNode.Parse(json);
        }

        return runtime.ToJsonString();
    }

    internal static TerraformOutputs FromOutputJson(string json, SensitiveOutputHandling handling)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var sensitiveNames = new List<string>();
        var parsed = string.IsNullOrWhiteSpace(json) ? new JsonObject() : JsonNode.Parse(json) as JsonObject;
        foreach (var (name, node) in parsed ?? [])
        {
            var isSensitive = node?["sensitive"] is JsonValue flag && flag.TryGetValue<bool>(out var sensitive) && sensitive;
            if (!isSensitive)
            {
                values[name] = node?["value"]?.ToJsonString() ?? "null";
                continue;
            }

            sensitiveNames.Add(name);
            if (handling == SensitiveOutputHandling.Redact)
            {
                values[name] = JsonValue.Create(SecretRedactor.Mask).ToJsonString();
            }
        }

        return new TerraformOutputs(values, sensitiveNames);
    }
}
