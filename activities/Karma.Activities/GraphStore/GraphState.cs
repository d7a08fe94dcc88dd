using Karma.Core.Analysis;
using Karma.Core.Model;

namespace Karma.Activities.GraphStore;

/// <summary>The current rows of one environment at one version, as lookups for delta computation.</summary>
internal sealed class GraphState(long version, string? gitCommit, DateTimeOffset builtAt)
{
    public long Version { get; private set; } = version;

    public string? GitCommit { get; private set; } = gitCommit;

    public DateTimeOffset BuiltAt { get; private set; } = builtAt;

    public Dictionary<ComponentId, ComponentNode> Nodes { get; } = [];

    public HashSet<DependencyEdge> Edges { get; } = [];

    public void Apply(GraphDelta delta, long version, string? gitCommit, DateTimeOffset builtAt)
    {
        foreach (var id in delta.RemovedNodes)
        {
            Nodes.Remove(id);
        }

        foreach (var node in delta.AddedNodes.Concat(delta.UpdatedNodes))
        {
            Nodes[node.Id] = node;
        }

        foreach (var edge in delta.RemovedEdges)
        {
            Edges.Remove(edge);
        }

        foreach (var edge in delta.AddedEdges)
        {
            Edges.Add(edge);
        }

        Version = version;
        GitCommit = gitCommit;
        BuiltAt = builtAt;
    }

    public ComponentGraph ToGraph(string environment) => new(
        environment,
        GitCommit,
        Nodes.Values.OrderBy(n => n.Id).ToArray(),
        Edges.OrderBy(e => e.From).ThenBy(e => e.Label).ThenBy(e => e.To).ThenBy(e => e.JsonPath, StringComparer.Ordinal).ToArray());
}
