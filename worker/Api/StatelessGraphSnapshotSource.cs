using Karma.Core.Ports;

namespace Karma.Worker.Api;

/// <summary>Serverless mode: each call reads the store; nothing survives the request.</summary>
public sealed class StatelessGraphSnapshotSource(IGraphStore store) : IGraphSnapshotSource
{
    public async ValueTask<GraphSnapshot?> GetAsync(string environment, CancellationToken cancellationToken) =>
        await store.LoadLatestAsync(environment, cancellationToken).ConfigureAwait(false) is { } stored ? new GraphSnapshot(stored) : null;

    public async ValueTask<bool> IsReadyAsync(string environment, CancellationToken cancellationToken) =>
        await GetAsync(environment, cancellationToken).ConfigureAwait(false) is not null;
}
