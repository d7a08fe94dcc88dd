using System.Globalization;
using System.Text;

namespace Karma.Activities.Terraform;

/// <summary>
/// A plan as reviewers read it in a chat thread: one line per resource with terraform's action symbol and the names of
/// the attributes that change, then the outputs and the totals. Built from a <see cref="PlanSummary"/>, so it carries
/// no attribute values, only output values that are not sensitive.
/// </summary>
public static class PlanText
{
    public static string Render(PlanSummary plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        if (plan.ResourceChanges.Count == 0 && plan.OutputChanges.Count == 0)
        {
            return "No changes.";
        }

        if (plan.ResourceChanges.Count > 0)
        {
            text.AppendLine("Resources:");
            foreach (var resource in plan.ResourceChanges)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{Symbol(resource.Action),3} {resource.Address}{Detail(resource)}");
            }
        }

        if (plan.OutputChanges.Count > 0)
        {
            text.AppendLine("Outputs:");
            foreach (var output in plan.OutputChanges)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{Symbol(output.Action),3} {output.Name}{OutputValue(output)}");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"Plan: {plan.Create + plan.Replace} to add, {plan.Update} to change, {plan.Delete + plan.Replace} to destroy.");
        return text.ToString();
    }

    private static string Symbol(ChangeAction action) => action switch
    {
        ChangeAction.Create => "+",
        ChangeAction.Update => "~",
        ChangeAction.Delete => "-",
        ChangeAction.Replace => "-/+",
        ChangeAction.Read => "<=",
        ChangeAction.Forget => ".",
        _ => " ",
    };

    private static string Detail(ResourceChangeSummary resource)
    {
        var parts = new List<string>();
        if (resource.Action is ChangeAction.Update or ChangeAction.Replace && resource.ChangedAttributes.Count > 0)
        {
            parts.Add(string.Join(", ", resource.ChangedAttributes));
        }

        if (!string.IsNullOrEmpty(resource.ActionReason))
        {
            parts.Add(resource.ActionReason.Replace('_', ' '));
        }

        return parts.Count == 0 ? string.Empty : $"  ({string.Join("; ", parts)})";
    }

    private static string OutputValue(OutputChangeSummary output) =>
        output.Sensitive ? "  (sensitive)"
        : output.AfterUnknown ? "  (known after apply)"
        : output.After is { } after ? $" = {after}"
        : string.Empty;
}
