using Karma.Activities.Git;
using Karma.Activities.Graph;
using Karma.Activities.GraphStore;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Activities.Tests.Graph;

/// <summary>
/// <c>karma graph build</c> of inputs it has already built (same commit, same Parameter Store) reports the stored
/// version from its memo; whatever changed in between, it finds exactly what a full analysis finds.
/// </summary>
public sealed class GraphBuildMemoTests : IDisposable
{
    private const string Env = "prod";
    private readonly TempDirectory _temp = new("karma-memo");
    private readonly LocalParameterStore _parameters;
    private readonly SqliteGraphStore _store;

    public GraphBuildMemoTests()
    {
        _parameters = new LocalParameterStore(_temp.Combine("parameters.db"));
        _store = new SqliteGraphStore(_temp.Combine("graph.db"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_commit_and_parameters_again_are_reported_unchanged_from_the_memo_with_the_same_version()
    {
        var (builder, parameters, store, service, sources) = Setup();
        await parameters.PutAsync(new ParameterWrite("/iac/vpc/main/runtime", """{"vpc_id":"v-1"}""", Overwrite: true), Ct);
        var first = await service.BuildAsync(sources, Ct);

        var again = await service.BuildAsync(sources, Ct);

        Assert.Equal(1, first.Write!.Version);
        Assert.True(again.Write!.Unchanged);
        Assert.Equal(1, again.Write.Version);
        Assert.Equal(TimeSpan.Zero, again.AnalyseTime); // nothing was analysed
        Assert.Equal(first.Result.Diagnostics, again.Result.Diagnostics);
        Assert.Equal(first.Result.RuntimeKeyReads, again.Result.RuntimeKeyReads);
        Assert.Equal(first.Result.Graph.Nodes, again.Result.Graph.Nodes);
        Assert.Equal(first.Result.Graph.Edges, again.Result.Graph.Edges);
        Assert.Single(await store.ListBuildsAsync(Env, Ct));
        GC.KeepAlive(builder);
    }

    [Fact]
    public async Task After_any_sequence_of_commits_and_parameter_writes_a_build_finds_what_a_full_analysis_finds()
    {
        var (builder, parameters, _, service, sources) = Setup();
        var random = new Random(18);
        var components = new List<(string Type, string Nickname)> { ("vpc", "main"), ("ecs-cluster", "c1"), ("lambda", "f1") };
        for (var step = 0; step < 24; step++)
        {
            var (type, nickname) = components[random.Next(components.Count)];
            switch (random.Next(5))
            {
                case 0:
                    builder.Component(Env, type, nickname, Config(type, nickname, random.Next(1000))).Commit($"edit {type}/{nickname}");
                    break;
                case 1:
                    var added = ("lambda", $"f{components.Count}");
                    components.Add(added);
                    builder.Component(Env, added.Item1, added.Item2, Config(added.Item1, added.Item2, 0)).Commit($"add {added.Item2}");
                    break;
                case 2:
                    await parameters.PutAsync(new ParameterWrite($"/iac/{type}/{nickname}/config", Config(type, nickname, random.Next(2)), Overwrite: true), Ct);
                    break;
                case 3:
                    var runtime = random.Next(2) == 0 ? """{"vpc_id":"v-1"}""" : """{"other":"x"}""";
                    await parameters.PutAsync(new ParameterWrite($"/iac/{type}/{nickname}/runtime", runtime, Overwrite: true), Ct);
                    break;
                default:
                    break; // nothing changed: the memo answers
            }

            var build = await service.BuildAsync(sources, Ct);
            var full = await service.AnalyseAsync(sources, Ct);

            Assert.Equal(full.Result.Diagnostics, build.Result.Diagnostics);
            Assert.Equal(full.Result.RuntimeKeyReads, build.Result.RuntimeKeyReads);
            Assert.Equal(full.Result.Graph.GitCommit, build.Result.Graph.GitCommit);
            Assert.Equal(full.Result.Graph.Nodes, build.Result.Graph.Nodes);
            Assert.Equal(full.Result.Graph.Edges, build.Result.Graph.Edges);
        }
    }

    private static string Config(string type, string nickname, int size) => type switch
    {
        "vpc" => $$$"""{"cidr":"10.0.0.0/16","size":{{{size}}}}""",
        "ecs-cluster" => $$$"""{"cluster_name":"{{{nickname}}}","vpc_nickname":"main","vpc_runtime_keys":["vpc_id"],"size":{{{size}}}}""",
        _ => $$$"""{"functions":{"fn":{"cluster_nickname":"c1","vpc_nickname":"main"}},"size":{{{size}}}}""",
    };

    private (GitRepoBuilder Builder, LocalParameterStore Parameters, SqliteGraphStore Store, GraphBuildService Service, GraphSources Sources) Setup()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo"))
            .Component(Env, "vpc", "main", Config("vpc", "main", 0))
            .Component(Env, "ecs-cluster", "c1", Config("ecs-cluster", "c1", 0))
            .Component(Env, "lambda", "f1", Config("lambda", "f1", 0))
            .Commit("a small system");
        var service = new GraphBuildService(new GitConfigLoader(_temp.Combine("home")), _parameters, _store);
        return (builder, _parameters, _store, service, new GraphSources(new GitSource(builder.Repo.Path), "/iac", Env));
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _store.Dispose();
        _temp.Dispose();
    }
}
