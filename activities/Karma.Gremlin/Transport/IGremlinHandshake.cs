namespace Karma.Gremlin.Transport;

/// <summary>Headers for the WebSocket upgrade request, computed afresh for every connection (so signatures never go stale).</summary>
public interface IGremlinHandshake
{
    ValueTask<IReadOnlyList<KeyValuePair<string, string>>> GetUpgradeHeadersAsync(Uri endpoint, CancellationToken cancellationToken);
}
