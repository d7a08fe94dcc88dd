using Karma.Core.Model;
using Karma.Gremlin.GraphSon;
using Karma.Gremlin.Neptune;

namespace Karma.Gremlin.Tests.Store;

public sealed class NeptuneWritePlanTests
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Fn = new("lambda", "api");

    [Fact]
    public void An_updated_component_is_an_id_keyed_mergeV_with_single_cardinality_for_what_changed()
    {
        var before = new ComponentNode(Vpc, "prod", "/c", "/r", "h1", "g1");
        var after = before with { ConfigHash = "h2", GitCommit = null };
        var delta = new ComponentGraphDelta([], [new NodeUpdate(before, after)], [], [], []);

        var request = Assert.Single(Assert.Single(NeptuneWritePlan.Create("prod", delta, 200, 1500).Phases));

        Assert.Equal(
            """{"@type":"g:Bytecode","@value":{"step":[""" +
            """["mergeV",{"@type":"g:Map","@value":[{"@type":"g:T","@value":"id"},"component:prod:vpc/main"]}],""" +
            """["option",{"@type":"g:Merge","@value":"onCreate"},{"@type":"g:Map","@value":[{"@type":"g:T","@value":"label"},"Component","type","vpc","nickname","main","environment","prod","config_path","/c","runtime_path","/r","config_hash","h2"]}],""" +
            """["property",{"@type":"g:Cardinality","@value":"single"},"config_hash","h2"],""" +
            """["sideEffect",{"@type":"g:Bytecode","@value":{"step":[["properties","git_commit"],["drop"]]}}]]}}""",
            GraphSonWriter.ToJson(request));
    }

    [Fact]
    public void Edges_are_merged_by_label_ends_and_json_path_and_deleted_only_between_surviving_components()
    {
        var kept = new DependencyEdge(Fn, Vpc, EdgeLabel.DependsOn, "$.depends_on[0]");
        var withRemoved = new DependencyEdge(Fn, new ComponentId("vpc", "old"), EdgeLabel.DependsOn, "$.x");
        var delta = new ComponentGraphDelta([], [], [new ComponentId("vpc", "old")], [kept], [withRemoved, kept with { JsonPath = "$.y" }]);

        var phases = NeptuneWritePlan.Create("prod", delta, 200, 1500).Phases;

        Assert.Equal(3, phases.Count); // edge deletes, vertex deletes, edge upserts
        var edgeDelete = GraphSonWriter.ToJson(Assert.Single(phases[0]));
        Assert.Contains("\"$.y\"", edgeDelete, StringComparison.Ordinal);
        Assert.DoesNotContain("\"$.x\"", edgeDelete, StringComparison.Ordinal);
        Assert.Equal("""{"@type":"g:Bytecode","@value":{"step":[["V","component:prod:vpc/old"],["drop"]]}}""", GraphSonWriter.ToJson(Assert.Single(phases[1])));
        Assert.Equal(
            """{"@type":"g:Bytecode","@value":{"step":[["mergeE",{"@type":"g:Map","@value":[{"@type":"g:T","@value":"label"},"depends_on",{"@type":"g:Direction","@value":"OUT"},"component:prod:lambda/api",{"@type":"g:Direction","@value":"IN"},"component:prod:vpc/main","json_path","$.depends_on[0]"]}]]}}""",
            GraphSonWriter.ToJson(Assert.Single(phases[2])));
    }

    [Fact]
    public void Requests_respect_the_step_limit_as_well_as_the_record_limit()
    {
        var nodes = Enumerable.Range(0, 100).Select(i => new ComponentNode(new ComponentId("vpc", $"n{i}"), "prod", "/c", "/r", "a", "b")).ToList();
        var delta = new ComponentGraphDelta([], nodes.Select(node => new NodeUpdate(node, node with { ConfigHash = "x", GitCommit = "y" })).ToList(), [], [], []);

        var requests = NeptuneWritePlan.Create("prod", delta, 200, 40).Phases.Single();

        Assert.Equal(10, requests.Count); // 4 steps per update, 40 steps per request
        Assert.All(requests, request => Assert.True(request.CountSteps() <= 40));
    }
}
