namespace Karma.Gremlin.Neptune;

/// <summary>
/// The <c>KarmaGraphBuild</c> vertex of one environment: the version being (or last) written, its status, and the
/// last version that reached "ready". Readers trust the component vertices only while status is "ready".
/// </summary>
public sealed record GraphBuildMetadata(long Version, string Status, long? ReadyVersion, DateTimeOffset? BuiltAt, string? GitCommit)
{
    public bool IsReady => Status == NeptuneSchema.StatusReady && ReadyVersion == Version;
}
