using Karma.Core.Lifecycle;
using Karma.Core.Model;

namespace Karma.Workflows;

/// <summary>Where a change lives: its environment and component, as named by its workflow id.</summary>
public sealed record ChangeAddress(string Environment, ComponentId Component, string ChangeId)
{
    /// <summary>Reads <c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/&lt;change-id&gt;</c>; null for any other id.</summary>
    public static ChangeAddress? FromChangeWorkflowId(string workflowId) =>
        Split(workflowId) is ["karma", var env, var type, var nickname, var change] && IsComponent(env, type, nickname) && ChangeIds.IsValid(change)
            ? new ChangeAddress(env, new ComponentId(type, nickname), change)
            : null;

    /// <summary>Reads a component queue's id <c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;</c> (no change id yet).</summary>
    public static ChangeAddress? FromQueueWorkflowId(string workflowId) =>
        Split(workflowId) is ["karma", var env, var type, var nickname] && IsComponent(env, type, nickname)
            ? new ChangeAddress(env, new ComponentId(type, nickname), string.Empty)
            : null;

    private static string[] Split(string workflowId) => (workflowId ?? string.Empty).Split('/');

    private static bool IsComponent(string env, string type, string nickname) =>
        ComponentId.IsValidSegment(env) && ComponentId.IsValidSegment(type) && ComponentId.IsValidSegment(nickname);
}

/// <summary>Which changes to list (<c>karma changes</c>, <c>GET /changes</c>): all filters optional, newest first.</summary>
public sealed record ChangeSearch(string? Environment = null, ComponentId? Component = null, ChangeState? State = null, int Limit = 20);

/// <summary>One listed change. <see cref="State"/> is the wire word ("awaiting_approval", "applied").</summary>
public sealed record ChangeSummary(
    string ChangeId, string Component, string Environment, string State, string RequestedBy, DateTime? StartedAt, DateTime? ClosedAt, string WorkflowId);

/// <summary>The states a change can be in, parsed from their wire words.</summary>
public static class ChangeStateWords
{
    public static bool TryParse(string? wire, out ChangeState state)
    {
        foreach (var candidate in Enum.GetValues<ChangeState>())
        {
            if (candidate.ToWire() == wire)
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    public static IEnumerable<string> All => Enum.GetValues<ChangeState>().Select(s => s.ToWire());
}
