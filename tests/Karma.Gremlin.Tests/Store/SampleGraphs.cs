using Karma.Core.Model;

namespace Karma.Gremlin.Tests.Store;

internal static class SampleGraphs
{
    /// <summary>
    /// <paramref name="count"/> components: every fourth a vpc, the others lambdas that depend on the nearest vpc
    /// before them and consume its runtime (with the matching emits_runtime_to edge).
    /// </summary>
    public static ComponentGraph Create(string environment, int count, string commit = "c0ffee")
    {
        var nodes = new List<ComponentNode>();
        var edges = new List<DependencyEdge>();
        ComponentId? vpc = null;
        for (var i = 0; i < count; i++)
        {
            var id = i % 4 == 0 ? new ComponentId("vpc", $"net-{i}") : new ComponentId("lambda", $"fn-{i}");
            nodes.Add(Node(environment, id, commit));
            if (id.Type == "vpc")
            {
                vpc = id;
            }
            else if (vpc is { } provider)
            {
                edges.Add(new DependencyEdge(id, provider, EdgeLabel.DependsOn, "$.depends_on[0]"));
                edges.Add(new DependencyEdge(id, provider, EdgeLabel.ConsumesRuntimeFrom, "$.functions.api.vpc_nickname"));
                edges.Add(new DependencyEdge(provider, id, EdgeLabel.EmitsRuntimeTo, "$.functions.api.vpc_nickname"));
            }
        }

        return new ComponentGraph(environment, commit, nodes, edges);
    }

    public static ComponentNode Node(string environment, ComponentId id, string? commit = "c0ffee") => new(
        id,
        environment,
        $"/iac/{environment}/{id.Type}/{id.Nickname}/config",
        $"/iac/{environment}/{id.Type}/{id.Nickname}/runtime",
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id.ToString()))),
        commit,
        null);

    /// <summary>Order-insensitive text of a graph's nodes (every field) and edges, for comparisons with readable diffs.</summary>
    public static List<string> Canonical(ComponentGraph graph) =>
    [
        .. graph.Nodes.OrderBy(node => node.Id).Select(node => node.ToString()),
        .. graph.Edges.Select(edge => edge.Key).Order(StringComparer.Ordinal),
    ];
}
