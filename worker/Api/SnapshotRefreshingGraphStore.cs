using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Worker.Api;

/// <summary>
/// Decorates the worker's graph store: after every successful write (a graph build or a completed change writing its
/// graph delta) the API's snapshot is refreshed right away, so service mode does not depend on polling.
/// </summary>
public sealed class SnapshotRefreshingGraphStore(IGraphStore inner, CachedGraphSnapshotSource snapshots) : IGraphStore
{
    public Task<StoredGraph?> LoadLatestAsync(string environment, CancellationToken cancellationToken) =>
        inner.LoadLatestAsync(environment, cancellationToken);

    public async Task<GraphWriteResult> WriteAsync(ComponentGraph graph, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var result = await inner.WriteAsync(graph, cancellationToken).ConfigureAwait(false);
        if (!result.Unchanged)
        {
            await snapshots.RefreshAsync(graph.Environment, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
