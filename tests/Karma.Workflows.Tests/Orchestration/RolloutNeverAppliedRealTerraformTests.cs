using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// A dependent whose config was published but which was never applied (no runtime; its plan would create everything)
/// is skipped by the rollout with a note, with real terraform and the offline example modules.
/// </summary>
public sealed class RolloutNeverAppliedRealTerraformTests
{
    private static readonly ComponentId Vpc = new("vpc", "main");

    private const string VpcConfig = """{"vpc_name":"karma-dev-main","cidr_block":"10.20.0.0/16","azs":["us-east-1a"],"public_subnets":["10.20.0.0/24"],"private_subnets":[],"enable_nat_gateway":false}""";
    private const string ClusterConfig = """{"cluster_name":"karma-dev","vpc_nickname":"main","capacity_providers":["FARGATE"]}""";

    [Fact]
    public async Task A_published_but_never_applied_dependent_is_skipped_instead_of_created_by_the_rollout()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        var ct = TestContext.Current.CancellationToken;
        await using var h = await LifecycleHarness.StartAsync(realTerraform: true);
        const string OldVpc = """{"vpc_name":"old","cidr_block":"10.10.0.0/16","azs":[],"public_subnets":[],"private_subnets":[]}""";
        h.ConfigRepo!.WriteFile("iac/dev/ecs-cluster/main/config.json", ClusterConfig).WriteFile("iac/dev/vpc/main/config.json", OldVpc).Commit("vpc and cluster");
        await h.Parameters.PutAsync(new ParameterWrite("/iac/ecs-cluster/main/config", ClusterConfig, Overwrite: true), ct);
        await h.Parameters.PutAsync(new ParameterWrite("/iac/vpc/main/config", OldVpc, Overwrite: true), ct);
        await h.Refresher.RefreshAsync(LifecycleHarness.Env, null, ct);

        await h.Client.ProposeAsync(LifecycleHarness.Request(Vpc, VpcConfig, "c1"), LifecycleHarness.FastOptions with { TerraformHeartbeatTimeout = TimeSpan.FromSeconds(60) });
        await h.WaitForAsync(Vpc, "c1", s => s.State == ChangeState.AwaitingApproval, TimeSpan.FromSeconds(120));
        await h.Client.ApproveAsync(LifecycleHarness.Env, Vpc, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        // Bounded: without the rule the rollout would wait for an approval of the cluster's create-everything plan.
        var result = (await h.WaitForAsync(Vpc, "c1", s => s.Result is not null, TimeSpan.FromSeconds(120))).Result!;
        var rollout = await h.Client.GetRolloutStatusAsync(LifecycleHarness.Env, Vpc, "c1");

        Assert.Equal("applied", result.Status);
        Assert.Equal("applied", rollout.State);
        var wave = Assert.Single(rollout.Waves);
        Assert.Equal("skipped", wave.State);
        Assert.Equal(["ecs-cluster/main"], wave.Skipped);
        Assert.Equal("never applied: it has no runtime and its plan would only create resources", Assert.Single(wave.SkipReasons).Reason);
        Assert.Null(await h.Parameters.TryGetAsync("/iac/ecs-cluster/main/runtime", false, ct));
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("rollout-never-applied", "karma/dev/rollout/vpc/main/c1"));
    }
}
