using System.Text.Json;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Rendering;

namespace Karma.Core.Tests.Rendering;

public class GraphRendererTests
{
    private static ComponentGraph Graph() => new TestSystem()
        .Git("vpc/main", "{}", deployed: true)
        .Git("lambda/api", """{"vpc_nickname":"main","depends_on":["vpc/main"]}""", deployed: true)
        .Stored("vpc/old", null, "{}")
        .Build().Graph;

    private static ComponentGraph Shuffled(ComponentGraph graph) =>
        graph with { Nodes = graph.Nodes.Reverse().ToArray(), Edges = graph.Edges.Reverse().ToArray() };

    [Theory]
    [InlineData(GraphFormat.Table)]
    [InlineData(GraphFormat.Json)]
    [InlineData(GraphFormat.Dot)]
    [InlineData(GraphFormat.Mermaid)]
    public void Output_does_not_depend_on_input_order(GraphFormat format) =>
        Assert.Equal(GraphRenderer.Render(Graph(), format), GraphRenderer.Render(Shuffled(Graph()), format));

    [Fact]
    public void Table_lists_components_with_state_and_every_edge()
    {
        var table = GraphRenderer.Render(Graph(), GraphFormat.Table);

        Assert.Equal(
            """
            3 components
            COMPONENT   STATE   CONFIG                           RUNTIME
            ----------  ------  -------------------------------  -----------------------
            lambda/api  ok      iac/prod/lambda/api/config.json  /iac/lambda/api/runtime
            vpc/main    ok      iac/prod/vpc/main/config.json    /iac/vpc/main/runtime
            vpc/old     orphan  iac/prod/vpc/old/config.json     /iac/vpc/old/runtime

            3 edges
            FROM        LABEL                  TO          PATH
            ----------  ---------------------  ----------  ---------------
            lambda/api  depends_on             vpc/main    $.depends_on[0]
            lambda/api  consumes_runtime_from  vpc/main    $.vpc_nickname
            vpc/main    emits_runtime_to       lambda/api  $.vpc_nickname

            """.ReplaceLineEndings("\n"),
            table);
    }

    [Fact]
    public void Json_holds_every_node_and_edge_field()
    {
        using var json = JsonDocument.Parse(GraphRenderer.Render(Graph(), GraphFormat.Json));
        var root = json.RootElement;

        Assert.Equal("prod", root.GetProperty("environment").GetString());
        Assert.Equal(TestSystem.Commit, root.GetProperty("git_commit").GetString());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(["lambda/api", "vpc/main", "vpc/old"], nodes.Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, nodes[2].GetProperty("config_hash").ValueKind);
        Assert.Equal("orphan", nodes[2].GetProperty("state").GetString());
        Assert.True(nodes[0].GetProperty("has_runtime").GetBoolean());
        var edges = root.GetProperty("edges").EnumerateArray().ToArray();
        Assert.Equal(3, edges.Length);
        Assert.Equal(("lambda/api", "depends_on", "vpc/main", "$.depends_on[0]"),
            (edges[0].GetProperty("from").GetString(), edges[0].GetProperty("label").GetString(), edges[0].GetProperty("to").GetString(), edges[0].GetProperty("json_path").GetString()));
    }

    [Fact]
    public void Dot_draws_consumer_to_provider_arrows_without_mirrored_emits_edges()
    {
        Assert.Equal(
            """
            digraph "karma prod" {
              rankdir=LR;
              node [shape=box];
              "lambda/api";
              "vpc/main";
              "vpc/old" [style=dashed, xlabel="orphan"];
              "lambda/api" -> "vpc/main" [label="depends_on"];
              "lambda/api" -> "vpc/main" [label="consumes_runtime_from"];
            }

            """.ReplaceLineEndings("\n"),
            GraphRenderer.Render(Graph(), GraphFormat.Dot));
    }

    [Fact]
    public void Mermaid_uses_positional_ids_and_labels_with_the_component_id()
    {
        Assert.Equal(
            """
            flowchart LR
              n0["lambda/api"]
              n1["vpc/main"]
              n2["vpc/old (orphan)"]
              n0 -->|depends_on| n1
              n0 -->|consumes_runtime_from| n1

            """.ReplaceLineEndings("\n"),
            GraphRenderer.Render(Graph(), GraphFormat.Mermaid));
    }

    [Fact]
    public void An_emits_edge_without_its_mirror_is_drawn_as_consumption()
    {
        var graph = new ComponentGraph("prod", null,
            [new ComponentNode(ComponentId.Parse("vpc/a"), "prod", "c", "r", "h", null), new ComponentNode(ComponentId.Parse("app/b"), "prod", "c", "r", "h", null)],
            [new DependencyEdge(ComponentId.Parse("vpc/a"), ComponentId.Parse("app/b"), EdgeLabel.EmitsRuntimeTo, "$.x")]);

        Assert.Contains("n0 -->|consumes_runtime_from| n1", GraphRenderer.Render(graph, GraphFormat.Mermaid), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_graphs_render_in_every_format()
    {
        var empty = new ComponentGraph("prod", null, [], []);

        Assert.StartsWith("0 components", GraphRenderer.Render(empty, GraphFormat.Table), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(GraphRenderer.Render(empty, GraphFormat.Json)).RootElement.GetProperty("nodes").ValueKind);
        Assert.EndsWith("}\n", GraphRenderer.Render(empty, GraphFormat.Dot), StringComparison.Ordinal);
        Assert.Equal("flowchart LR\n", GraphRenderer.Render(empty, GraphFormat.Mermaid));
    }

    [Fact]
    public void Quotes_in_names_are_escaped_for_dot()
    {
        var graph = new ComponentGraph("pr\"od", null, [], []);

        Assert.StartsWith("digraph \"karma pr\\\"od\" {", GraphRenderer.Render(graph, GraphFormat.Dot), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("table", GraphFormat.Table)]
    [InlineData("JSON", GraphFormat.Json)]
    [InlineData(" dot ", GraphFormat.Dot)]
    [InlineData("mermaid", GraphFormat.Mermaid)]
    public void Formats_parse_by_name(string text, GraphFormat format) => Assert.Equal(format, GraphFormats.Parse(text));

    [Fact]
    public void Unknown_format_names_are_refused_clearly() =>
        Assert.Contains("table, json, dot, mermaid", Assert.Throws<FormatException>(() => GraphFormats.Parse("svg")).Message, StringComparison.Ordinal);

    [Fact]
    public void Diagnostics_render_as_table_and_json()
    {
        var diagnostics = new TestSystem().Git("app/a", """{"vpc_nickname":"x"}""").BuildFromGit().Diagnostics;

        var table = DiagnosticRenderer.Render(diagnostics, GraphFormat.Table);
        using var json = JsonDocument.Parse(DiagnosticRenderer.Render(diagnostics, GraphFormat.Json));

        Assert.Contains("error     dangling-reference  app/a", table, StringComparison.Ordinal);
        var entry = Assert.Single(json.RootElement.EnumerateArray().ToArray());
        Assert.Equal(DiagnosticCodes.DanglingReference, entry.GetProperty("code").GetString());
        Assert.Equal("error", entry.GetProperty("severity").GetString());
    }
}
