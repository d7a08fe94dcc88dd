using System.Collections.Concurrent;
using Karma.Core.Ports;

namespace Karma.Worker.Api;

/// <summary>
/// Service mode: one immutable <see cref="GraphSnapshot"/> per environment, swapped atomically by
/// <see cref="RefreshAsync"/>. Reads are a dictionary lookup; refreshes are serialized per source and never block reads.
/// </summary>
public sealed class CachedGraphSnapshotSource(IGraphStore store) : IGraphSnapshotSource, IDisposable
{
    private readonly ConcurrentDictionary<string, GraphSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);

    /// <summary>Raised after a newer version was swapped in (environment, version).</summary>
    public event Action<string, long>? Refreshed;

    public async ValueTask<GraphSnapshot?> GetAsync(string environment, CancellationToken cancellationToken)
    {
        if (_snapshots.TryGetValue(environment, out var snapshot))
        {
            return snapshot;
        }

        // An environment nobody asked for yet is loaded on first use (the configured one is loaded at start).
        return await RefreshAsync(environment, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> IsReadyAsync(string environment, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_snapshots.ContainsKey(environment));

    /// <summary>The currently served snapshot, without touching the store.</summary>
    public GraphSnapshot? Current(string environment) => _snapshots.GetValueOrDefault(environment);

    /// <summary>Re-reads the store and swaps in a newer version if there is one. Returns what is served afterwards.</summary>
    public async Task<GraphSnapshot?> RefreshAsync(string environment, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await store.LoadLatestAsync(environment, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return Current(environment);
            }

            if (Current(environment) is { } served && served.Version >= stored.Version)
            {
                return served;
            }

            var snapshot = new GraphSnapshot(stored);

            // Render the whole-graph body before the swap: readers keep the old version meanwhile instead of all
            // waiting on the first GET /graph of the new one.
            _ = snapshot.Json;
            _snapshots[environment] = snapshot;
            Refreshed?.Invoke(environment, snapshot.Version);
            return snapshot;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public void Dispose() => _refreshGate.Dispose();
}
