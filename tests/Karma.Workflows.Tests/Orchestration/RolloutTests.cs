using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

public sealed class RolloutTests
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Cluster = new("ecs-cluster", "main");
    private static readonly ComponentId Service = new("ecs-service", "api");
    private static readonly ComponentId Logs = new("s3-bucket", "logs");

    [Fact]
    public async Task Dependents_whose_consumed_values_changed_roll_out_in_two_waves_under_one_approval()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Vpc, """{"cidr":"x","outputs":{"vpc_id":"vpc-1","cidr":"x"}}""", """{"vpc_id":"vpc-1","cidr":"x"}""");
        await h.DeployedAsync(Cluster, """{"depends_on":["vpc/main"],"runtime_keys":{"vpc/main":["vpc_id"]},"emit_inputs":true}""", """{"applied_inputs":"old"}""");
        await h.DeployedAsync(Service, """{"depends_on":["vpc/main","ecs-cluster/main"],"runtime_keys":{"vpc/main":["vpc_id"],"ecs-cluster/main":["applied_inputs"]}}""");
        await h.DeployedAsync(Logs, """{"depends_on":["vpc/main"],"runtime_keys":{"vpc/main":["cidr"]}}""");

        await h.Client.ProposeAsync(LifecycleHarness.Request(Vpc, """{"cidr":"x","outputs":{"vpc_id":"vpc-2","cidr":"x"}}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Vpc, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Vpc, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var rollout = await WaitForRolloutApprovalAsync(h);
        await h.Client.ApproveRolloutAsync(LifecycleHarness.Env, Vpc, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Vpc, "c1");
        var final = await h.Client.GetRolloutStatusAsync(LifecycleHarness.Env, Vpc, "c1");

        Assert.Equal("applied", result.Status);
        Assert.Equal(["ecs-cluster/main"], rollout.PendingPlans.Count == 1 ? ["ecs-cluster/main"] : rollout.Waves[0].Planned);
        Assert.Equal(2, final.Waves.Count);
        Assert.Equal(["ecs-cluster/main"], final.Waves[0].Planned);
        Assert.Contains("s3-bucket/logs", final.Waves[0].Skipped);
        Assert.Equal(["ecs-service/api"], final.Waves[1].Planned);
        Assert.All(final.Waves, w => Assert.Equal("applied", w.State));
        Assert.Equal(1, h.Terraform.Applies[Cluster]);
        Assert.Equal(1, h.Terraform.Applies[Service]);
        Assert.False(h.Terraform.Applies.ContainsKey(Logs));
        Assert.Contains("ecs-service/api", result.AffectedComponents);
        Assert.Contains(result.Warnings, w => w.Contains("s3-bucket/logs skipped", StringComparison.Ordinal));

        // Both votes are in the audit trail as bob's: the change's and the rollout's.
        var votes = (await h.Audit.ReadAllAsync(TestContext.Current.CancellationToken)).Where(e => e.Action == AuditActions.Approval).ToList();
        Assert.Equal(2, votes.Count);
        Assert.All(votes, v => Assert.Equal(("c1", "approved", "bob", "cli"), (v.ChangeId, v.Status, v.User, v.Source)));
        Assert.Equal([false, true], votes.Select(v => v.Inputs["rollout"]?.GetValue<bool>() == true));

        await HistoryReplay.ReplayAsync(h.Client.Temporal,
            ("change-with-rollout", "karma/dev/vpc/main/c1"),
            ("rollout-two-waves", "karma/dev/rollout/vpc/main/c1"),
            ("component-queue", "karma/dev/vpc/main"));
    }

    private static async Task<RolloutStatus> WaitForRolloutApprovalAsync(LifecycleHarness h)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var status = await h.Client.GetRolloutStatusAsync(LifecycleHarness.Env, Vpc, "c1");
                if (status.State == "awaiting_approval")
                {
                    return status;
                }
            }
            catch (Temporalio.Exceptions.RpcException) when (DateTime.UtcNow < deadline)
            {
                // The rollout starts after the change's apply; not there yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "the rollout never asked for approval");
            await Task.Delay(50);
        }
    }
}
