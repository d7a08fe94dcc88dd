using System.Text;
using Karma.Core.Model;

namespace Karma.Core.Rendering;

/// <summary>Mermaid flowchart: node ids are positional (n0, n1, …) because ids like <c>vpc/main</c> are not Mermaid ids.</summary>
internal static class MermaidGraphRenderer
{
    public static string Render(IReadOnlyList<ComponentNode> nodes, IReadOnlyList<(ComponentId From, ComponentId To, EdgeLabel Label)> arrows)
    {
        var ids = new Dictionary<ComponentId, string>();
        var text = new StringBuilder("flowchart LR\n");
        foreach (var node in nodes)
        {
            var id = $"n{ids.Count}";
            ids[node.Id] = id;
            var state = GraphRenderer.State(node);
            var label = state is "ok" or "-" ? node.Id.ToString() : $"{node.Id} ({state})";
            text.Append("  ").Append(id).Append("[\"").Append(Escape(label)).Append("\"]\n");
        }

        foreach (var (from, to, label) in arrows)
        {
            if (ids.TryGetValue(from, out var fromId) && ids.TryGetValue(to, out var toId))
            {
                text.Append("  ").Append(fromId).Append(" -->|").Append(label.ToWire()).Append("| ").Append(toId).Append('\n');
            }
        }

        return text.ToString();
    }

    // Mermaid labels cannot hold a raw double quote; it has an entity form.
    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
}
