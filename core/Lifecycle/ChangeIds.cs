using System.Text.RegularExpressions;
using Karma.Core.Model;

namespace Karma.Core.Lifecycle;

/// <summary>Workflow ids that read well in the Temporal UI: <c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;[/&lt;change-id&gt;]</c>.</summary>
public static partial class ChangeIds
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ChangeIdPattern();

    public static bool IsValid(string? changeId) => changeId is not null && ChangeIdPattern().IsMatch(changeId);

    /// <summary>The long-lived per-component workflow that queues this component's changes.</summary>
    public static string ComponentWorkflowId(string environment, ComponentId component) =>
        $"karma/{environment}/{component.Type}/{component.Nickname}";

    public static string ChangeWorkflowId(string environment, ComponentId component, string changeId) =>
        $"{ComponentWorkflowId(environment, component)}/{changeId}";

    public static string RolloutWorkflowId(string environment, ComponentId origin, string changeId) =>
        $"karma/{environment}/rollout/{origin.Type}/{origin.Nickname}/{changeId}";

    public static string GraphBuildWorkflowId(string environment, string buildId) => $"karma/{environment}/graph-build/{buildId}";
}
