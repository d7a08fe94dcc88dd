using Karma.Activities.Git;
using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Workflows.Tests.Activities;

/// <summary>
/// What the lifecycle's graph rebuilds write when the config repo has errors: after an apply, the valid parts (the
/// apply happened; the graph must not lag behind it); on a resync, nothing (like <c>karma graph build</c>).
/// </summary>
public sealed class GraphRefresherPolicyTests : IDisposable
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Cluster = new("ecs-cluster", "main");

    private readonly TempDirectory _dir = new("karma-refresher");
    private readonly LocalParameterStore _parameters;
    private readonly SqliteGraphStore _graph;
    private readonly GraphRefresher _refresher;

    public GraphRefresherPolicyTests()
    {
        new GitRepoBuilder(_dir.Combine("repo"))
            .Component("dev", "vpc", "main", """{"cidr":"10.0.0.0/16"}""")
            .Component("dev", "ecs-cluster", "main", """{"vpc_nickname":"main"}""")
            .Component("dev", "lambda", "fn", """{"vpc_nickname":"missing"}""")
            .Commit("a repo with a dangling reference");
        _parameters = new LocalParameterStore(_dir.Combine("parameters.db"));
        _graph = new SqliteGraphStore(_dir.Combine("graph.db"));
        var options = new LifecycleOptions { KarmaHome = _dir.Path, ConfigRepository = _dir.Combine("repo") };
        _refresher = new GraphRefresher(_parameters, _graph, options, new GitConfigLoader(_dir.Path));
    }

    [Fact]
    public async Task After_an_apply_the_valid_parts_are_written_and_the_errors_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        await _parameters.PutAsync(new ParameterWrite("/iac/vpc/main/runtime", """{"vpc_id":"vpc-1"}""", Overwrite: true), ct);

        var refresh = await _refresher.RefreshAsync("dev", new ConfigOverlay(Vpc, """{"cidr":"10.1.0.0/16"}"""), ct);
        var stored = await _graph.LoadLatestAsync("dev", ct);

        Assert.NotNull(refresh.Write);
        Assert.Contains(refresh.Errors, e => e.Contains("dangling-reference", StringComparison.Ordinal) && e.Contains("lambda/fn", StringComparison.Ordinal));
        Assert.NotNull(stored);
        Assert.Equal(refresh.Write.Version, stored.Version);
        Assert.Contains(stored.Graph.Edges, e => e.From == Cluster && e.To == Vpc);
        Assert.DoesNotContain(stored.Graph.Edges, e => e.To.Nickname == "missing");
        Assert.True(stored.Graph.Nodes.Single(n => n.Id == Vpc).HasRuntime);
        Assert.NotNull(refresh.GitCommit);
    }

    [Fact]
    public async Task A_resync_writes_nothing_when_the_repo_has_errors()
    {
        var ct = TestContext.Current.CancellationToken;

        var refresh = await _refresher.ResyncAsync("dev", ct);

        Assert.Null(refresh.Write);
        Assert.Contains(refresh.Errors, e => e.Contains("dangling-reference", StringComparison.Ordinal));
        Assert.Null(await _graph.LoadLatestAsync("dev", ct));
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _graph.Dispose();
        _dir.Dispose();
    }
}
