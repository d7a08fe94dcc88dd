namespace Karma.Activities.GraphStore;

/// <summary>Status of one graph build in the store.</summary>
public enum GraphBuildStatus
{
    /// <summary>Started; not visible to readers. A build left here means its writer died before finishing.</summary>
    Building,

    /// <summary>Written completely; its version is what readers see until a newer one is ready.</summary>
    Ready,

    /// <summary>The write failed and was rolled back; nothing of it is visible.</summary>
    Failed,
}

/// <summary>One row of the store's build history.</summary>
/// <param name="Version">The graph version this build produced; null unless <see cref="GraphBuildStatus.Ready"/>.</param>
public sealed record GraphBuildRecord(
    long BuildId,
    string Environment,
    GraphBuildStatus Status,
    long? Version,
    string? GitCommit,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
