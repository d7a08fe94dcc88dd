using System.Text;
using Karma.Core.Ports;
using Karma.Core.Queries;
using Karma.Core.Rendering;

namespace Karma.Worker.Api;

/// <summary>
/// One stored graph version, indexed for queries. Immutable: a refresh builds a new snapshot and swaps the reference,
/// so readers never wait for (or see half of) a refresh.
/// </summary>
public sealed class GraphSnapshot
{
    private readonly Lazy<byte[]> _json;

    public GraphSnapshot(StoredGraph stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        Version = stored.Version;
        BuiltAt = stored.BuiltAt;
        Environment = stored.Graph.Environment;
        Queries = new GraphQueries(stored.Graph);
        ETag = $"\"{Environment}-v{Version}\"";

        // The whole-graph document is the hot path of GET /graph: rendered once per version, then served as bytes.
        _json = new Lazy<byte[]>(() => Encoding.UTF8.GetBytes(GraphRenderer.Render(stored.Graph, GraphFormat.Json)));
    }

    public long Version { get; }

    public DateTimeOffset BuiltAt { get; }

    public string Environment { get; }

    /// <summary>Derived from environment and stored version: a new version is a new tag, the same version the same tag.</summary>
    public string ETag { get; }

    public GraphQueries Queries { get; }

    public byte[] Json => _json.Value;
}
