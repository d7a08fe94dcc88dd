using Karma.Core.Queries;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Queries;

public class RolloutWavesTests
{
    private static GraphQueries Layered() => new(new TestSystem()
        .Git("vpc/main", "{}")
        .Git("s3-bucket/logs", "{}")
        .Git("ecs-cluster/main", """{"vpc_nickname":"main"}""")
        .Git("service/web", """{"cluster_nickname":"main","bucket_nickname":"logs"}""")
        .Git("service/worker", """{"cluster_nickname":"main"}""")
        .Git("dashboard/ops", """{"depends_on":["service/web","service/worker"]}""")
        .BuildFromGit().Graph);

    private static string[][] Names(IReadOnlyList<IReadOnlyList<Karma.Core.Model.ComponentId>> waves) =>
        waves.Select(w => w.Select(id => id.ToString()).ToArray()).ToArray();

    [Fact]
    public void Providers_come_in_earlier_waves_than_their_consumers()
    {
        var waves = Layered().RolloutWaves(Layered().Graph.Nodes.Select(n => n.Id));

        Assert.Equal(
            [
                ["s3-bucket/logs", "vpc/main"],
                ["ecs-cluster/main"],
                ["service/web", "service/worker"],
                ["dashboard/ops"],
            ],
            Names(waves));
    }

    [Fact]
    public void Members_linked_only_through_non_members_are_still_ordered()
    {
        var waves = Layered().RolloutWaves([Id("dashboard/ops"), Id("vpc/main")]);

        Assert.Equal([["vpc/main"], ["dashboard/ops"]], Names(waves));
    }

    [Fact]
    public void Unrelated_members_share_one_wave_and_duplicates_are_ignored()
    {
        var waves = Layered().RolloutWaves([Id("service/worker"), Id("s3-bucket/logs"), Id("service/worker")]);

        Assert.Equal([["s3-bucket/logs", "service/worker"]], Names(waves));
    }

    [Fact]
    public void A_set_with_a_cycle_is_refused_with_the_cycle_named()
    {
        var queries = new GraphQueries(new TestSystem()
            .Git("a/1", """{"depends_on":["a/2"]}""").Git("a/2", """{"depends_on":["a/3"]}""").Git("a/3", """{"depends_on":["a/1"]}""")
            .BuildFromGit().Graph);

        var error = Assert.Throws<DependencyCycleException>(() => queries.RolloutWaves([Id("a/1"), Id("a/3")]));

        Assert.Equal("Cannot order components that depend on each other in a cycle: a/1 -> a/2 -> a/3 -> a/1.", error.Message);
        Assert.Equal([Id("a/1"), Id("a/2"), Id("a/3"), Id("a/1")], error.Cycle);
    }

    [Fact]
    public void A_cycle_outside_the_paths_between_members_does_not_block_ordering()
    {
        var queries = new GraphQueries(new TestSystem()
            .Git("x/1", """{"depends_on":["x/2"]}""").Git("x/2", """{"depends_on":["x/1"]}""")
            .Git("a/1", """{"depends_on":["x/1"]}""").Git("a/2", """{"depends_on":["a/1"]}""")
            .BuildFromGit().Graph);

        Assert.Equal([["a/1"], ["a/2"]], Names(queries.RolloutWaves([Id("a/2"), Id("a/1")])));
    }

    [Fact]
    public void A_self_referencing_member_is_a_cycle()
    {
        var queries = new GraphQueries(new TestSystem().Git("a/1", """{"depends_on":["a/1"]}""").BuildFromGit().Graph);

        Assert.Equal([Id("a/1"), Id("a/1")], Assert.Throws<DependencyCycleException>(() => queries.RolloutWaves([Id("a/1")])).Cycle);
    }

    [Fact]
    public void An_unknown_member_is_refused()
    {
        Assert.Throws<UnknownComponentException>(() => Layered().RolloutWaves([Id("vpc/main"), Id("vpc/nope")]));
    }
}
