namespace Karma.Slack.Messages;

/// <summary>How much detail stays in the main message before it moves to the thread.</summary>
public sealed record ApprovalMessageLimits
{
    public static ApprovalMessageLimits Default { get; } = new();

    public int MaxDiffLinesInMessage { get; init; } = 15;

    public int MaxDestroyedInMessage { get; init; } = 10;

    public int MaxComponentsInMessage { get; init; } = 20;

    /// <summary>Characters of plan text per thread reply (a section's text is limited to 3,000).</summary>
    public int ThreadChunkCharacters { get; init; } = 2800;
}
