using System.Text.Json.Nodes;

namespace Karma.Activities.Terraform;

/// <summary>Reads a <see cref="PlanSummary"/> from <c>terraform show -json PLANFILE</c>.</summary>
public static class PlanSummaryReader
{
    public static PlanSummary Read(JsonObject plan, bool hasChanges)
    {
        var resources = new List<ResourceChangeSummary>();
        int create = 0, update = 0, delete = 0, replace = 0, noOp = 0;
        foreach (var change in (plan["resource_changes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var detail = change["change"] as JsonObject;
            var action = ToAction(detail?["actions"] as JsonArray);
            switch (action)
            {
                case ChangeAction.Create: create++; break;
                case ChangeAction.Update: update++; break;
                case ChangeAction.Delete: delete++; break;
                case ChangeAction.Replace: replace++; break;
                case ChangeAction.NoOp: noOp++; continue;
                default: break;
            }

            resources.Add(new ResourceChangeSummary(
                Text(change["address"]) ?? "(unknown address)",
                Text(change["type"]) ?? string.Empty,
                action,
                ChangedAttributes(detail),
                Text(change["action_reason"])));
        }

        var outputs = new List<OutputChangeSummary>();
        foreach (var (name, node) in plan["output_changes"] as JsonObject ?? [])
        {
            if (node is not JsonObject change || ToAction(change["actions"] as JsonArray) is ChangeAction.NoOp)
            {
                continue;
            }

            var sensitive = IsTrue(change["before_sensitive"]) || IsTrue(change["after_sensitive"]);
            var afterUnknown = IsTrue(change["after_unknown"]);
            outputs.Add(new OutputChangeSummary(
                name,
                ToAction(change["actions"] as JsonArray),
                sensitive,
                sensitive ? null : change["before"]?.ToJsonString(),
                sensitive || afterUnknown ? null : change["after"]?.ToJsonString(),
                afterUnknown));
        }

        var drift = (plan["resource_drift"] as JsonArray ?? []).Count;
        return new PlanSummary(hasChanges, create, update, delete, replace, noOp, resources, outputs, drift);
    }

    public static ChangeAction ToAction(JsonArray? actions)
    {
        var names = (actions ?? []).Select(Text).OfType<string>().ToArray();
        if (names.Contains("delete") && names.Contains("create"))
        {
            return ChangeAction.Replace;
        }

        return names.FirstOrDefault() switch
        {
            "create" => ChangeAction.Create,
            "read" => ChangeAction.Read,
            "update" => ChangeAction.Update,
            "delete" => ChangeAction.Delete,
            "forget" => ChangeAction.Forget,
            _ => ChangeAction.NoOp,
        };
    }

    // Compared on the unredacted values (so a changed secret still shows up by name), but only names leave here.
    private static string[] ChangedAttributes(JsonObject? detail)
    {
        var before = detail?["before"] as JsonObject;
        var after = detail?["after"] as JsonObject;
        var unknown = detail?["after_unknown"] as JsonObject;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in (before?.Select(pair => pair.Key) ?? []).Concat(after?.Select(pair => pair.Key) ?? []))
        {
            if (!JsonNode.DeepEquals(before?[key], after?[key]))
            {
                names.Add(key);
            }
        }

        foreach (var (key, flag) in unknown ?? [])
        {
            // Attributes recomputed on every create (ids) are noise on a create; on an update they matter.
            if (IsTrue(flag) && before is not null)
            {
                names.Add(key);
            }
        }

        return names.ToArray();
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
