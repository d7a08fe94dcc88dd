using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Testing;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// A dependent that is in the config repo but was never applied (its config was never published) has nothing to roll
/// out: the rollout skips it with a note instead of failing on it.
/// </summary>
public sealed class RolloutNeverAppliedTests : IDisposable
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Cluster = new("ecs-cluster", "main");
    private static readonly ComponentId Service = new("ecs-service", "api");

    private const string VpcConfig = """{"cidr":"x","outputs":{"vpc_id":"vpc-1"}}""";
    private const string ClusterConfig = """{"depends_on":["vpc/main"],"runtime_keys":{"vpc/main":["vpc_id"]}}""";
    private const string ServiceConfig = """{"depends_on":["vpc/main"],"runtime_keys":{"vpc/main":["vpc_id"]}}""";

    private readonly TempDirectory _repoDir = new("karma-rollout-repo");

    [Fact]
    public async Task A_dependent_never_applied_is_skipped_with_a_note_and_the_others_roll_out()
    {
        new GitRepoBuilder(_repoDir.Path)
            .Component(LifecycleHarness.Env, "vpc", "main", VpcConfig)
            .Component(LifecycleHarness.Env, "ecs-cluster", "main", ClusterConfig)
            .Component(LifecycleHarness.Env, "ecs-service", "api", ServiceConfig)
            .Commit("three components; only two are deployed");
        await using var h = await LifecycleHarness.StartAsync(new LifecycleOptions { ConfigRepository = _repoDir.Path });
        await h.DeployedAsync(Vpc, VpcConfig, """{"vpc_id":"vpc-1"}""");
        await h.DeployedAsync(Cluster, ClusterConfig, """{"cluster":"c-1"}""");
        Assert.Contains((await h.Graph.LoadLatestAsync(LifecycleHarness.Env, CancellationToken.None))!.Graph.Nodes, n => n.Id == Service);

        await h.Client.ProposeAsync(LifecycleHarness.Request(Vpc, """{"cidr":"x","outputs":{"vpc_id":"vpc-2"}}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Vpc, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Vpc, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var waiting = await WaitForRolloutAsync(h, s => s.State == "awaiting_approval");
        await h.Client.ApproveRolloutAsync(LifecycleHarness.Env, Vpc, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Vpc, "c1");
        var rollout = await h.Client.GetRolloutStatusAsync(LifecycleHarness.Env, Vpc, "c1");

        Assert.Equal("applied", result.Status);
        Assert.Single(waiting.PendingPlans);
        Assert.Equal("applied", rollout.State);
        var wave = Assert.Single(rollout.Waves);
        Assert.Equal(["ecs-cluster/main"], wave.Planned);
        Assert.Equal(["ecs-service/api"], wave.Skipped);
        Assert.Equal("never applied: no published config at /iac/ecs-service/api/config", Assert.Single(wave.SkipReasons).Reason);
        Assert.Equal("applied", wave.State);
        Assert.Equal(1, h.Terraform.Applies[Cluster]);
        Assert.False(h.Terraform.Applies.ContainsKey(Service));
        Assert.Contains("rollout: ecs-service/api skipped (never applied: no published config at /iac/ecs-service/api/config)", result.Warnings);
        Assert.DoesNotContain(result.Warnings, w => w.StartsWith("rollout failed", StringComparison.Ordinal));
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("rollout-skips-never-applied", "karma/dev/rollout/vpc/main/c1"));
    }

    [Fact]
    public async Task A_rollout_whose_dependents_were_all_never_applied_asks_nothing_and_ends_applied()
    {
        new GitRepoBuilder(_repoDir.Path)
            .Component(LifecycleHarness.Env, "vpc", "main", VpcConfig)
            .Component(LifecycleHarness.Env, "ecs-service", "api", ServiceConfig)
            .Commit("the first deploy of an environment: the VPC goes first");
        await using var h = await LifecycleHarness.StartAsync(new LifecycleOptions { ConfigRepository = _repoDir.Path });

        await h.Refresher.RefreshAsync(LifecycleHarness.Env, null, CancellationToken.None);

        // The VPC's first change: no runtime before, so every output key is new and the service reads one of them.
        await h.Client.ProposeAsync(LifecycleHarness.Request(Vpc, VpcConfig, "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Vpc, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Vpc, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Vpc, "c1");
        var rollout = await h.Client.GetRolloutStatusAsync(LifecycleHarness.Env, Vpc, "c1");

        Assert.Equal("applied", result.Status);
        Assert.Equal("applied", rollout.State);
        var wave = Assert.Single(rollout.Waves);
        Assert.Equal("skipped", wave.State);
        Assert.Empty(wave.Planned);
        Assert.Equal(["ecs-service/api"], wave.Skipped);
        Assert.Contains(result.Warnings, w => w.StartsWith("rollout: ecs-service/api skipped (never applied", StringComparison.Ordinal));
        Assert.False(h.Terraform.Applies.ContainsKey(Service));
    }

    public void Dispose() => _repoDir.Dispose();

    private static async Task<RolloutStatus> WaitForRolloutAsync(LifecycleHarness h, Func<RolloutStatus, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var status = await h.Client.GetRolloutStatusAsync(LifecycleHarness.Env, Vpc, "c1");
                if (until(status))
                {
                    return status;
                }
            }
            catch (Temporalio.Exceptions.RpcException) when (DateTime.UtcNow < deadline)
            {
                // The rollout starts after the change's apply; not there yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "the rollout never reached the expected state");
            await Task.Delay(50);
        }
    }
}
