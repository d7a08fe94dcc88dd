using Karma.Core.Lifecycle;
using Karma.Core.Model;

namespace Karma.Worker.Slack;

/// <summary>
/// What a Slack button carries to address one change: its change workflow id
/// (<c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/&lt;change-id&gt;</c>), i.e. environment, component and change id.
/// Only names, never config values, so it is safe in a Slack payload.
/// </summary>
public sealed record SlackChangeReference(string Environment, ComponentId Component, string ChangeId)
{
    private const string Root = "karma";

    /// <summary>The button value (and the change workflow's id).</summary>
    public string Value => ChangeIds.ChangeWorkflowId(Environment, Component, ChangeId);

    /// <summary>The reference in <paramref name="value"/>, or null when it is not one (a rollout's id, a tampered value).</summary>
    public static SlackChangeReference? TryParse(string? value)
    {
        var parts = value?.Split('/');
        if (parts is not { Length: 5 } || parts[0] != Root
            || !ComponentId.IsValidSegment(parts[1]) || !ComponentId.IsValidSegment(parts[2]) || !ComponentId.IsValidSegment(parts[3])
            || !ChangeIds.IsValid(parts[4]))
        {
            return null;
        }

        var reference = new SlackChangeReference(parts[1], new ComponentId(parts[2], parts[3]), parts[4]);

        // Guards against the workflow id format drifting away from this parser.
        return reference.Value == value ? reference : null;
    }

    public override string ToString() => Value;
}
