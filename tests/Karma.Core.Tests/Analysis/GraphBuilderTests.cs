using System.Security.Cryptography;
using System.Text;
using Karma.Core.Analysis;
using Karma.Core.Model;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Analysis;

public class GraphBuilderTests
{
    [Fact]
    public void Empty_snapshots_build_an_empty_graph_without_diagnostics()
    {
        var result = new TestSystem().Build();

        Assert.Empty(result.Graph.Nodes);
        Assert.Empty(result.Graph.Edges);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(TestSystem.Environment, result.Graph.Environment);
        Assert.Equal(TestSystem.Commit, result.Graph.GitCommit);
    }

    [Fact]
    public void Nodes_carry_paths_commit_and_the_hash_of_the_compact_config()
    {
        var result = new TestSystem().Git("vpc/main-vpc", "{ \"cidr\" : \"10.0.0.0/16\",\n \"nat\": true }", deployed: true).Build();

        var node = Assert.Single(result.Graph.Nodes);
        Assert.Equal(Id("vpc/main-vpc"), node.Id);
        Assert.Equal("prod", node.Environment);
        Assert.Equal("iac/prod/vpc/main-vpc/config.json", node.ConfigPath);
        Assert.Equal("/iac/vpc/main-vpc/runtime", node.RuntimePath);
        Assert.Equal(TestSystem.Commit, node.GitCommit);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("""{"cidr":"10.0.0.0/16","nat":true}""")));
        Assert.Equal(expected, node.ConfigHash);
        Assert.True(node.HasRuntime);
        Assert.False(node.ConfigDrift);
    }

    [Theory]
    [InlineData("/custom", "/custom/vpc/a/runtime")]
    [InlineData("/custom/", "/custom/vpc/a/runtime")]
    [InlineData("team/iac", "/team/iac/vpc/a/runtime")]
    [InlineData("/", "/vpc/a/runtime")]
    public void The_parameter_prefix_shapes_runtime_paths(string prefix, string runtimePath)
    {
        var system = new TestSystem().Git("vpc/a", "{}");

        var result = GraphBuilder.Build(system.Config(), system.Parameters(prefix));

        Assert.Equal(runtimePath, Assert.Single(result.Graph.Nodes).RuntimePath);
    }

    [Fact]
    public void Runtime_references_produce_consumes_and_reverse_emits_edges()
    {
        var result = new TestSystem()
            .Git("vpc/main-vpc", "{}")
            .Git("lambda/api", """{"functions":{"karma-graph-query":{"vpc_nickname":"main-vpc"}}}""")
            .BuildFromGit();

        Assert.Equal(
            [
                new DependencyEdge(Id("lambda/api"), Id("vpc/main-vpc"), EdgeLabel.ConsumesRuntimeFrom, "$.functions['karma-graph-query'].vpc_nickname"),
                new DependencyEdge(Id("vpc/main-vpc"), Id("lambda/api"), EdgeLabel.EmitsRuntimeTo, "$.functions['karma-graph-query'].vpc_nickname"),
            ],
            result.Graph.Edges);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Depends_on_produces_a_single_depends_on_edge()
    {
        var result = new TestSystem().Git("vpc/a", "{}").Git("app/b", """{"depends_on":["vpc/a"]}""").BuildFromGit();

        Assert.Equal([new DependencyEdge(Id("app/b"), Id("vpc/a"), EdgeLabel.DependsOn, "$.depends_on[0]")], result.Graph.Edges);
    }

    [Fact]
    public void Identical_references_collapse_but_different_paths_or_labels_stay()
    {
        var result = new TestSystem()
            .Git("vpc/a", "{}")
            .Git("app/b", """{"depends_on":["vpc/a","vpc/a"],"x":{"vpc_nickname":"a"},"y":{"vpc_nickname":"a"}}""")
            .BuildFromGit();

        Assert.Equal(
            ["app/b|consumes_runtime_from|vpc/a|$.x.vpc_nickname", "app/b|consumes_runtime_from|vpc/a|$.y.vpc_nickname",
             "app/b|depends_on|vpc/a|$.depends_on[0]", "app/b|depends_on|vpc/a|$.depends_on[1]",
             "vpc/a|emits_runtime_to|app/b|$.x.vpc_nickname", "vpc/a|emits_runtime_to|app/b|$.y.vpc_nickname"],
            result.Graph.Edges.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(result.Graph.Edges.Count, result.Graph.Edges.Select(e => e.Key).Distinct().Count());
    }

    [Fact]
    public void Nodes_and_edges_are_sorted_whatever_the_input_order()
    {
        var forward = new TestSystem().Git("vpc/a", "{}").Git("app/z", """{"vpc_nickname":"a"}""").Git("app/b", """{"vpc_nickname":"a"}""").BuildFromGit();
        var backward = new TestSystem().Git("app/b", """{"vpc_nickname":"a"}""").Git("app/z", """{"vpc_nickname":"a"}""").Git("vpc/a", "{}").BuildFromGit();

        Assert.Equal(["app/b", "app/z", "vpc/a"], forward.Graph.Nodes.Select(n => n.Id.ToString()));
        Assert.Equal(forward.Graph.Nodes, backward.Graph.Nodes);
        Assert.Equal(forward.Graph.Edges, backward.Graph.Edges);
    }

    [Fact]
    public void Repo_aliases_reach_inference()
    {
        var result = new TestSystem().Alias("db", "rds-postgres")
            .Git("rds-postgres/orders", "{}").Git("app/b", """{"db_nickname":"orders"}""").BuildFromGit();

        Assert.Contains(result.Graph.Edges, e => e.From == Id("app/b") && e.To == Id("rds-postgres/orders"));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Git_only_builds_leave_runtime_state_unknown()
    {
        var result = new TestSystem().Git("vpc/a", "{}").BuildFromGit();

        var node = Assert.Single(result.Graph.Nodes);
        Assert.Null(node.HasRuntime);
        Assert.Null(node.ConfigDrift);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Orphans_become_nodes_without_a_config_hash()
    {
        var result = new TestSystem().Stored("vpc/old", """{"cidr":"x"}""", """{"vpc_id":"vpc-1"}""").Build();

        var node = Assert.Single(result.Graph.Nodes);
        Assert.True(node.IsOrphan);
        Assert.Null(node.ConfigHash);
        Assert.True(node.HasRuntime);
        Assert.Equal("iac/prod/vpc/old/config.json", node.ConfigPath);
    }

    [Fact]
    public void A_reference_to_an_orphan_is_an_edge_and_still_a_dangling_error()
    {
        var result = new TestSystem().Stored("vpc/old", null, "{}").Git("app/b", """{"vpc_nickname":"old"}""", deployed: true).Build();

        Assert.Contains(result.Graph.Edges, e => e.From == Id("app/b") && e.To == Id("vpc/old"));
        var dangling = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.DanglingReference, dangling.Code);
        Assert.Contains("orphan", dangling.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_config_still_becomes_a_node_hashed_from_its_text()
    {
        var result = new TestSystem().Git("vpc/a", "{ broken").BuildFromGit();

        var node = Assert.Single(result.Graph.Nodes);
        Assert.NotNull(node.ConfigHash);
        Assert.False(node.IsOrphan);
    }

    [Fact]
    public void Runtime_key_reads_are_collected_in_the_result()
    {
        var result = new TestSystem().Git("vpc/a", "{}").Git("app/b", """{"vpc_nickname":"a","vpc_runtime_keys":["vpc_id"]}""").BuildFromGit();

        var read = Assert.Single(result.RuntimeKeyReads);
        Assert.Equal((Id("app/b"), Id("vpc/a"), "vpc_id"), (read.Consumer, read.Provider, read.Key));
    }

    [Fact]
    public void Two_builds_of_the_same_input_are_equal()
    {
        var system = new TestSystem().Git("vpc/a", "{}", deployed: true).Git("app/b", """{"vpc_nickname":"a","x":{"src_type":"vpc","src_nickname":"a"}}""");

        var first = system.Build();
        var second = system.Build();

        Assert.Equal(first.Graph.Nodes, second.Graph.Nodes);
        Assert.Equal(first.Graph.Edges, second.Graph.Edges);
        Assert.Equal(first.Diagnostics, second.Diagnostics);
    }

    [Fact]
    public void A_previous_graph_keeps_commits_of_unchanged_configs_and_every_last_change_id()
    {
        var first = new TestSystem().Git("vpc/a", "{}").Git("vpc/b", """{"n":1}""").BuildFromGit().Graph;
        var stored = first with
        {
            GitCommit = "old",
            Nodes = first.Nodes.Select(n => n with { GitCommit = "old", LastChangeId = $"change-{n.Id.Nickname}" }).ToArray(),
        };

        var next = new TestSystem().Git("vpc/a", "{}").Git("vpc/b", """{"n":2}""").Git("vpc/c", "{}")
            .BuildFromGit(previous: stored).Graph;

        Assert.Equal(
            [("vpc/a", "old", "change-a"), ("vpc/b", TestSystem.Commit, "change-b"), ("vpc/c", TestSystem.Commit, null)],
            next.Nodes.Select(n => (n.Id.ToString(), n.GitCommit, n.LastChangeId)));
    }

    [Fact]
    public void Compact_json_keeps_text_as_written_except_required_escapes()
    {
        using var document = System.Text.Json.JsonDocument.Parse("{ \"site\" : \"café <a&b> it's\", \"q\": \"\\\"x\\\"\" }");

        Assert.Equal("{\"site\":\"café <a&b> it's\",\"q\":\"\\\"x\\\"\"}", Encoding.UTF8.GetString(ConfigJson.Compact(document.RootElement)));
    }

    [Fact]
    public void Published_config_with_other_key_order_is_compared_semantically_after_the_text_fast_path_misses()
    {
        var result = new TestSystem().Git("vpc/a", """{"a":1,"b":[1,2]}""").Stored("vpc/a", """{"b":[1,2],"a":1}""", "{}").Build();

        Assert.Empty(result.Diagnostics);
        Assert.False(Assert.Single(result.Graph.Nodes).ConfigDrift);
    }

    [Fact]
    public void Array_order_matters_for_drift()
    {
        var result = new TestSystem().Git("vpc/a", """{"b":[1,2]}""").Stored("vpc/a", """{"b":[2,1]}""", "{}").Build();

        Assert.True(Assert.Single(result.Graph.Nodes).ConfigDrift);
    }
}
