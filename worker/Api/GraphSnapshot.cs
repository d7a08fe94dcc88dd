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
    /// <summary>Bounds the listings kept per version (whole graph, types, pages); past it, listings are rendered per request.</summary>
    private const int MaxCachedListings = 1024;

    private readonly Lazy<GraphListing> _listing;
    private readonly ConcurrentDictionary<GraphPageKey, Lazy<EncodedBody>> _listings = new();

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
        return _listings.Count < MaxCachedListings ? _listings.GetOrAdd(key, body).Value : body.Value;
    }
}
