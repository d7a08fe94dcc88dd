using Karma.Core.Analysis;
using Karma.Core.Model;

namespace Karma.Activities.GraphStore;

/// <summary>One environment's graph at one stored version, in canonical order (immutable once built).</summary>
/// <param name="canonicalGraph">Already in <see cref="GraphOrder.Canonical"/> form; not re-sorted here.</param>
internal sealed class GraphState(long version, string? gitCommit, DateTimeOffset builtAt, ComponentGraph canonicalGraph)
{
    public long Version { get; } = version;

    public DateTimeOffset BuiltAt { get; } = builtAt;

    /// <summary>Canonical: nodes by id, edges by (from, label, to, path), no duplicates.</summary>
    public ComponentGraph Graph { get; } = canonicalGraph with { GitCommit = gitCommit };

    public static GraphState Empty(string environment) => new(0, null, default, new ComponentGraph(environment, null, [], []));

    /// <summary>A copy for callers, so nothing they do can change the cached state.</summary>
    public ComponentGraph ToGraph() => Graph with { Nodes = Graph.Nodes.ToArray(), Edges = Graph.Edges.ToArray() };
}
