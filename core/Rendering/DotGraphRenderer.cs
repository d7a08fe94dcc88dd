using System.Text;
using Karma.Core.Model;

namespace Karma.Core.Rendering;

/// <summary>Graphviz: arrows point from consumer to provider, labelled with the edge label.</summary>
internal static class DotGraphRenderer
{
    public static string Render(ComponentGraph graph, IReadOnlyList<ComponentNode> nodes, IReadOnlyList<(ComponentId From, ComponentId To, EdgeLabel Label)> arrows)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(Quote($"karma {graph.Environment}")).Append(" {\n");
        text.Append("  rankdir=LR;\n  node [shape=box];\n");
        foreach (var node in nodes)
        {
            var state = GraphRenderer.State(node);
            text.Append("  ").Append(Quote(node.Id.ToString()));
            text.Append(state is "ok" or "-" ? ";\n" : $" [style=dashed, xlabel={Quote(state)}];\n");
        }

        foreach (var (from, to, label) in arrows)
        {
            text.Append("  ").Append(Quote(from.ToString())).Append(" -> ").Append(Quote(to.ToString()))
                .Append(" [label=").Append(Quote(label.ToWire())).Append("];\n");
        }

        return text.Append("}\n").ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
