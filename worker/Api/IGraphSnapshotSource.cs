namespace Karma.Worker.Api;

/// <summary>Where handlers get the graph from: an in-memory cache (service mode) or the store per request (stateless mode).</summary>
public interface IGraphSnapshotSource
{
    /// <summary>The latest ready graph of <paramref name="environment"/>, or null when none was ever built.</summary>
    ValueTask<GraphSnapshot?> GetAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="environment"/>'s graph can be served now (loaded, or the store answers).</summary>
    ValueTask<bool> IsReadyAsync(string environment, CancellationToken cancellationToken);
}
