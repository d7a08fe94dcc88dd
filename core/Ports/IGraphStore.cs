using Karma.Core.Model;

namespace Karma.Core.Ports;

/// <summary>
/// Persists component graphs. Implementations write only the delta against the last ready build and
/// never expose a half-written graph to readers (builds go "building" → "ready").
/// </summary>
public interface IGraphStore
{
    /// <summary>The last graph whose build reached "ready", or null when none was ever written.</summary>
    Task<StoredGraph?> LoadLatestAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="graph"/> as the new ready version, touching only what changed.</summary>
    Task<GraphWriteResult> WriteAsync(ComponentGraph graph, CancellationToken cancellationToken);
}

public sealed record StoredGraph(long Version, DateTimeOffset BuiltAt, ComponentGraph Graph);

/// <summary>What a write changed.</summary>
public sealed record GraphWriteResult(
    long Version,
    int NodesAdded,
    int NodesUpdated,
    int NodesRemoved,
    int EdgesAdded,
    int EdgesRemoved)
{
    public bool Unchanged => NodesAdded + NodesUpdated + NodesRemoved + EdgesAdded + EdgesRemoved == 0;
}
