using System.Text.Json.Nodes;
using Karma.Core.Secrets;

namespace Karma.Activities.Terraform;

/// <summary>
/// Turns <c>terraform show -json PLANFILE</c> (which prints sensitive values in clear text) into a copy safe
/// to store and show. It is built from an allow-list: only the parts reviewers need are copied, each value
/// passing through terraform's <c>before_sensitive</c>/<c>after_sensitive</c> masks, so a field a future
/// terraform adds can never leak a secret by being copied blindly. Left out on purpose: <c>configuration</c>
/// (variable defaults, literal expressions), <c>prior_state</c>/<c>planned_values</c> (duplicates of the
/// changes with their own masks), <c>generated_config</c>.
/// </summary>
public static class PlanJsonRedactor
{
    private static readonly string[] TopLevelKeys =
        ["format_version", "terraform_version", "applyable", "complete", "errored", "timestamp"];

    private static readonly string[] ResourceKeys =
        ["address", "previous_address", "module_address", "mode", "type", "name", "index", "provider_name", "deposed", "action_reason"];

    public static JsonObject Redact(JsonObject plan, IEnumerable<string> sensitiveVariableNames)
    {
        var redacted = new JsonObject();
        foreach (var key in TopLevelKeys.Where(plan.ContainsKey))
        {
            redacted[key] = plan[key]?.DeepClone();
        }

        redacted["variables"] = RedactVariables(plan, sensitiveVariableNames);
        redacted["resource_changes"] = RedactResourceChanges(plan["resource_changes"] as JsonArray);
        redacted["resource_drift"] = RedactResourceChanges(plan["resource_drift"] as JsonArray);
        redacted["output_changes"] = RedactOutputChanges(plan["output_changes"] as JsonObject);
        return redacted;
    }

    /// <summary>Replaces the parts of <paramref name="value"/> that <paramref name="mask"/> marks sensitive.</summary>
    /// <remarks>A mask is <c>true</c> (all of it), or an object/array mirroring the value's shape.</remarks>
    public static JsonNode? ApplyMask(JsonNode? value, JsonNode? mask)
    {
        if (value is null)
        {
            // An absent value reveals nothing; keeping null shows "was/will be absent".
            return null;
        }

        switch (mask)
        {
            case JsonValue flag when flag.TryGetValue<bool>(out var sensitive) && sensitive:
                return JsonValue.Create(SecretRedactor.Mask);
            case JsonObject fields when value is JsonObject objectValue:
                var copy = new JsonObject();
                foreach (var (key, child) in objectValue)
                {
                    copy[key] = ApplyMask(child, fields[key]);
                }

                return copy;
            case JsonArray items when value is JsonArray arrayValue:
                var list = new JsonArray();
                for (var i = 0; i < arrayValue.Count; i++)
                {
                    list.Add(ApplyMask(arrayValue[i], i < items.Count ? items[i] : null));
                }

                return list;
            default:
                return value.DeepClone();
        }
    }

    private static JsonObject RedactVariables(JsonObject plan, IEnumerable<string> sensitiveVariableNames)
    {
        var sensitive = new HashSet<string>(sensitiveVariableNames, StringComparer.Ordinal);
        if (plan["configuration"]?["root_module"]?["variables"] is JsonObject declared)
        {
            foreach (var (name, declaration) in declared)
            {
                if (declaration?["sensitive"] is JsonValue flag && flag.TryGetValue<bool>(out var isSensitive) && isSensitive)
                {
                    sensitive.Add(name);
                }
            }
        }

        var variables = new JsonObject();
        if (plan["variables"] is JsonObject values)
        {
            foreach (var (name, entry) in values)
            {
                variables[name] = new JsonObject
                {
                    ["value"] = sensitive.Contains(name) ? JsonValue.Create(SecretRedactor.Mask) : entry?["value"]?.DeepClone(),
                };
            }
        }

        return variables;
    }

    private static JsonArray RedactResourceChanges(JsonArray? changes)
    {
        var redacted = new JsonArray();
        foreach (var change in (changes ?? []).OfType<JsonObject>())
        {
            var copy = new JsonObject();
            foreach (var key in ResourceKeys.Where(change.ContainsKey))
            {
                copy[key] = change[key]?.DeepClone();
            }

            if (change["change"] is JsonObject detail)
            {
                copy["change"] = new JsonObject
                {
                    ["actions"] = detail["actions"]?.DeepClone(),
                    ["before"] = ApplyMask(detail["before"], detail["before_sensitive"]),
                    ["after"] = ApplyMask(detail["after"], detail["after_sensitive"]),
                    ["after_unknown"] = detail["after_unknown"]?.DeepClone(),
                    ["before_sensitive"] = detail["before_sensitive"]?.DeepClone(),
                    ["after_sensitive"] = detail["after_sensitive"]?.DeepClone(),
                    ["replace_paths"] = detail["replace_paths"]?.DeepClone(),
                };
            }

            redacted.Add(copy);
        }

        return redacted;
    }

    private static JsonObject RedactOutputChanges(JsonObject? outputs)
    {
        var redacted = new JsonObject();
        foreach (var (name, node) in outputs ?? [])
        {
            if (node is not JsonObject change)
            {
                continue;
            }

            redacted[name] = new JsonObject
            {
                ["actions"] = change["actions"]?.DeepClone(),
                ["before"] = ApplyMask(change["before"], change["before_sensitive"]),
                ["after"] = ApplyMask(change["after"], change["after_sensitive"]),
                ["after_unknown"] = change["after_unknown"]?.DeepClone(),
                ["before_sensitive"] = change["before_sensitive"]?.DeepClone(),
                ["after_sensitive"] = change["after_sensitive"]?.DeepClone(),
            };
        }

        return redacted;
    }
}
