using Karma.Core.Model;

namespace Karma.Core.Lifecycle;

/// <summary>Workflow ids that read well in the Temporal UI: <c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;[/&lt;change-id&gt;]</c>.</summary>
public static class ChangeIds
{
    /// <summary>1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (<see cref="NameRules.ChangeIdProblem"/>).</summary>
    public static bool IsValid(string? changeId) => NameRules.ChangeIdProblem(changeId) is null;

    /// <summary>The long-lived per-component workflow that queues this component's changes.</summary>
    public static string ComponentWorkflowId(string environment, ComponentId component) =>
        $"karma/{environment}/{component.Type}/{component.Nickname}";

    public static string ChangeWorkflowId(string environment, ComponentId component, string changeId) =>
        $"{ComponentWorkflowId(environment, component)}/{changeId}";

    public static string RolloutWorkflowId(string environment, ComponentId origin, string changeId) =>
        $"karma/{environment}/rollout/{origin.Type}/{origin.Nickname}/{changeId}";

    public static string GraphBuildWorkflowId(string environment, string buildId) => $"karma/{environment}/graph-build/{buildId}";
}
