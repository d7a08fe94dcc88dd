using System.Collections.Concurrent;
using Karma.Core.Ports;
using Karma.Core.Queries;

namespace Karma.Worker.Api;

/// <summary>
/// One stored graph version, indexed for queries. Immutable: a refresh builds a new snapshot and swaps the reference,
/// so readers never wait for (or see half of) a refresh.
/// </summary>
public sealed class GraphSnapshot
{
    /// <summary>
    /// Bounds what is kept per version (whole graph, types, pages): clients following <c>next_after</c> hit a small set of
    /// keys, but arbitrary cursors must not grow memory without end. Past either bound, listings are rendered per request.
    /// </summary>
    private const int MaxCachedListings = 1024;

    private const long MaxCachedBytes = 256L * 1024 * 1024;

    private readonly Lazy<GraphListing> _listing;
    private readonly ConcurrentDictionary<GraphPageKey, Lazy<EncodedBody>> _listings = new();
    private long _cachedBytes;

    public GraphSnapshot(StoredGraph stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        Version = stored.Version;
        BuiltAt = stored.BuiltAt;
        Environment = stored.Graph.Environment;
        Queries = new GraphQueries(stored.Graph);
        ETag = $"\"{Environment}-v{Version}\"";
        _listing = new Lazy<GraphListing>(() => new GraphListing(stored.Graph, stored.Version));
    }

    public long Version { get; }

    public DateTimeOffset BuiltAt { get; }

    public string Environment { get; }

    /// <summary>Derived from environment and stored version: a new version is a new tag, the same version the same tag.</summary>
    public string ETag { get; }

    public GraphQueries Queries { get; }

    /// <summary>The whole-graph document of <c>GET /graph</c> (compact JSON).</summary>
    public byte[] Json => Listing(GraphPageKey.Whole).Identity;

    /// <summary>
    /// The <c>GET /graph</c> body for <paramref name="key"/>: the hot path, so each is serialised (and compressed) once per
    /// version and then served as bytes. Concurrent first requests for the same key render it once.
    /// </summary>
    public EncodedBody Listing(GraphPageKey key)
    {
        if (_listings.TryGetValue(key, out var cached))
        {
            return cached.Value;
        }

        var body = new Lazy<EncodedBody>(() => new EncodedBody(_listing.Value.Render(key), ETag));
        if (_listings.Count >= MaxCachedListings || Interlocked.Read(ref _cachedBytes) >= MaxCachedBytes)
        {
            return body.Value;
        }

        var kept = _listings.GetOrAdd(key, body);
        if (ReferenceEquals(kept, body))
        {
            // Counted once, by the request whose body was kept; encodings are smaller than this and not counted.
            Interlocked.Add(ref _cachedBytes, body.Value.Identity.Length);
        }

        return kept.Value;
    }
}
