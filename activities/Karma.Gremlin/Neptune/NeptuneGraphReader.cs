using Karma.Core.Model;
using Karma.Gremlin.Graph;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Neptune;

/// <summary>Reads one environment's component graph and build metadata with <c>elementMap()</c> traversals.</summary>
internal static class NeptuneGraphReader
{
    public static async Task<GraphBuildMetadata?> ReadBuildAsync(GremlinClient client, string environment, CancellationToken cancellationToken)
    {
        var rows = await client.SubmitAsync(GraphTraversal.G().V(NeptuneSchema.BuildVertexId(environment)).ElementMap(), cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var map = AsMap(rows[0], "build metadata");
        return new GraphBuildMetadata(
            ToLong(map.GetValueOrDefault(NeptuneSchema.Version)) ?? 0,
            map.GetValueOrDefault(NeptuneSchema.Status) as string ?? string.Empty,
            ToLong(map.GetValueOrDefault(NeptuneSchema.ReadyVersion)),
            map.GetValueOrDefault(NeptuneSchema.BuiltAt) as DateTimeOffset?,
            map.GetValueOrDefault(NeptuneSchema.GitCommit) as string);
    }

    /// <summary>The component vertices and edges stored for <paramref name="environment"/>, whatever the build status.</summary>
    public static async Task<ComponentGraph> ReadGraphAsync(GremlinClient client, string environment, string? gitCommit, CancellationToken cancellationToken)
    {
        var vertexRows = await client.SubmitAsync(
            GraphTraversal.G().V().Has(NeptuneSchema.ComponentLabel, NeptuneSchema.Environment, environment).ElementMap(),
            cancellationToken).ConfigureAwait(false);
        var edgeRows = await client.SubmitAsync(
            GraphTraversal.G().V().Has(NeptuneSchema.ComponentLabel, NeptuneSchema.Environment, environment)
                .OutE([.. NeptuneSchema.EdgeLabels]).ElementMap(),
            cancellationToken).ConfigureAwait(false);

        var byVertexId = new Dictionary<object, ComponentId>();
        var nodes = new List<ComponentNode>(vertexRows.Count);
        foreach (var row in vertexRows)
        {
            var map = AsMap(row, "Component vertex");
            var vertexId = map.GetValueOrDefault(T.Id) ?? throw new NeptuneGraphDataException("A Component vertex came back without an id.");
            var type = Text(map, NeptuneSchema.Type, vertexId);
            var nickname = Text(map, NeptuneSchema.Nickname, vertexId);
            if (!ComponentId.TryParse($"{type}/{nickname}", out var id))
            {
                throw new NeptuneGraphDataException($"Component vertex {vertexId} has an invalid type/nickname '{type}/{nickname}'.");
            }

            byVertexId[vertexId] = id;
            nodes.Add(new ComponentNode(
                id,
                environment,
                Text(map, NeptuneSchema.ConfigPath, vertexId),
                Text(map, NeptuneSchema.RuntimePath, vertexId),
                map.GetValueOrDefault(NeptuneSchema.ConfigHash) as string,
                map.GetValueOrDefault(NeptuneSchema.GitCommit) as string,
                map.GetValueOrDefault(NeptuneSchema.LastChangeId) as string));
        }

        var edges = new List<DependencyEdge>(edgeRows.Count);
        foreach (var row in edgeRows)
        {
            var map = AsMap(row, "edge");
            var label = map.GetValueOrDefault(T.Label) as string ?? throw new NeptuneGraphDataException("An edge came back without a label.");
            edges.Add(new DependencyEdge(
                Endpoint(map, Direction.Out, byVertexId),
                Endpoint(map, Direction.In, byVertexId),
                EdgeLabels.FromWire(label),
                map.GetValueOrDefault(NeptuneSchema.JsonPath) as string ?? string.Empty));
        }

        return new ComponentGraph(environment, gitCommit, nodes, edges);
    }

    private static ComponentId Endpoint(Dictionary<object, object?> edge, Direction direction, Dictionary<object, ComponentId> byVertexId)
    {
        var end = AsMap(edge.GetValueOrDefault(direction), $"edge {direction.ToWire()} vertex");
        var vertexId = end.GetValueOrDefault(T.Id);
        return vertexId is not null && byVertexId.TryGetValue(vertexId, out var id)
            ? id
            : throw new NeptuneGraphDataException($"Edge {edge.GetValueOrDefault(T.Id)} points at vertex {vertexId}, which is not a Component of this environment.");
    }

    private static Dictionary<object, object?> AsMap(object? row, string what) =>
        row as Dictionary<object, object?> ?? throw new NeptuneGraphDataException($"Expected an element map for the {what}, got {row?.GetType().Name ?? "null"}.");

    private static string Text(Dictionary<object, object?> map, string key, object vertexId) =>
        map.GetValueOrDefault(key) as string ?? throw new NeptuneGraphDataException($"Component vertex {vertexId} has no '{key}' property.");

    private static long? ToLong(object? value) => value switch
    {
        int i => i,
        long l => l,
        _ => null,
    };
}
