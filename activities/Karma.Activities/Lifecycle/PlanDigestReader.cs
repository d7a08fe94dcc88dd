using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Karma.Core.Lifecycle;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// Builds a <see cref="PlanDigest"/> from terraform's (redacted) plan JSON. Values are reduced to hashes so two plans
/// can be compared for "does the same thing" without carrying any value in a workflow payload.
/// </summary>
public static class PlanDigestReader
{
    public static PlanDigest Read(string planRef, string planSha256, JsonObject plan)
    {
        var resources = new List<string>();
        var destroyed = new List<string>();
        int add = 0, change = 0, destroy = 0;
        foreach (var rc in plan["resource_changes"]?.AsArray() ?? [])
        {
            var address = rc?["address"]?.GetValue<string>() ?? "?";
            var actions = (rc?["change"]?["actions"]?.AsArray() ?? []).Select(a => a?.GetValue<string>() ?? "?").ToList();
            if (actions is ["no-op"] or ["read"])
            {
                continue;
            }

            add += actions.Contains("create") ? 1 : 0;
            change += actions.Contains("update") ? 1 : 0;
            if (actions.Contains("delete"))
            {
                destroy++;
                destroyed.Add(address);
            }

            resources.Add($"{address}|{string.Join('+', actions)}|{Hash(rc?["change"]?["after"])}|{Hash(rc?["change"]?["after_unknown"])}");
        }

        var outputChanges = new List<string>();
        foreach (var (name, oc) in plan["output_changes"]?.AsObject() ?? [])
        {
            var actions = (oc?["actions"]?.AsArray() ?? []).Select(a => a?.GetValue<string>() ?? "?").ToList();
            if (actions is not ["no-op"])
            {
                outputChanges.Add($"{name}|{Hash(oc?["after"])}|{Hash(oc?["after_unknown"])}");
            }
        }

        var planned = (plan["planned_values"]?["outputs"]?.AsObject() ?? []).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        return new PlanDigest(planRef, planSha256, add, change, destroy, resources, destroyed, outputChanges, planned);
    }

    public static string Hash(JsonNode? node) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null")))[..16];

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
