using Karma.Core.Model;

namespace Karma.Core.Rendering;

internal static class TableGraphRenderer
{
    public static string Render(IReadOnlyList<ComponentNode> nodes, IReadOnlyList<DependencyEdge> edges)
    {
        var nodeTable = TextTable.Render(
            ["COMPONENT", "STATE", "CONFIG", "RUNTIME"],
            nodes.Select(n => (IReadOnlyList<string>)[n.Id.ToString(), GraphRenderer.State(n), n.ConfigPath, n.RuntimePath]));
        var edgeTable = TextTable.Render(
            ["FROM", "LABEL", "TO", "PATH"],
            edges.Select(e => (IReadOnlyList<string>)[e.From.ToString(), e.Label.ToWire(), e.To.ToString(), e.JsonPath]));
        return $"{nodes.Count} components\n{nodeTable}\n{edges.Count} edges\n{edgeTable}";
    }
}
