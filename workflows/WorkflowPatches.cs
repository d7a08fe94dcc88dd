namespace Karma.Workflows;

/// <summary>
/// Patch ids (<c>Workflow.Patched</c>) of workflow code changes that schedule different commands. A run recorded before a
/// patch replays without it; each id is named for what it changed and never reused.
/// </summary>
internal static class WorkflowPatches
{
    /// <summary>Rollouts skip members that were never applied instead of planning them for approval.</summary>
    public const string RolloutSkipsNeverApplied = "rollout-skips-never-applied";

    /// <summary>Every vote (approve, reject) on a change or its rollout is written to the audit trail, with who, how and when.</summary>
    public const string VotesAudited = "karma-votes-audited";
}
