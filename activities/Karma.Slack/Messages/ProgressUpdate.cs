namespace Karma.Slack.Messages;

/// <summary>What happened to an approved change; threaded under its request.</summary>
public enum ProgressKind
{
    Applying,
    Applied,
    Verified,
    Failed,
    WaveStarted,
    WaveCompleted,
}

/// <summary>One progress step. <see cref="Detail"/> is the failure reason or extra context; <see cref="Wave"/> for wave steps.</summary>
public sealed record ProgressUpdate(ProgressKind Kind, DateTimeOffset At, string? Detail = null, RolloutWave? Wave = null);
