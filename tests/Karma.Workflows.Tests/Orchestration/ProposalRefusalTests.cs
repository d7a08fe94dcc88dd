using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// Proposals the lifecycle refuses before anything is planned or published, even when started on Temporal directly
/// (past the CLI's and the API's own checks): a mistyped environment, and a config that would make a dependency cycle.
/// </summary>
public sealed class ProposalRefusalTests
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Cluster = new("ecs-cluster", "main");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_to_an_environment_the_config_repo_does_not_have_fails_before_planning_or_publishing()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Vpc, """{"cidr":"10.0.0.0/16"}""", """{"vpc_id":"vpc-1"}""");
        var before = await h.Parameters.GetAsync("/iac/vpc/main/config", false, Ct);

        await h.Client.ProposeAsync(LifecycleHarness.Request(Vpc, """{"cidr":"10.1.0.0/16"}""", "c1") with { Environment = "nosuchenv" },
            LifecycleHarness.FastOptions);
        var result = await ResultAsync(h, "nosuchenv", Vpc, "c1");
        var status = await h.Client.GetStatusAsync("nosuchenv", Vpc, "c1");

        Assert.Equal("failed", result.Status);
        Assert.Contains("unknown environment 'nosuchenv'", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Environments present: dev", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(status.Timeline, t => t.State is ChangeState.Planning or ChangeState.Publishing or ChangeState.Applying);
        Assert.Equal(before.Version, (await h.Parameters.GetAsync("/iac/vpc/main/config", false, Ct)).Version);
        Assert.Empty(h.Terraform.Applies);
    }

    [Fact]
    public async Task A_change_that_would_make_a_cycle_is_invalid_and_nothing_is_published_or_committed()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Vpc, """{"cidr":"10.0.0.0/16"}""", """{"vpc_id":"vpc-1"}""");
        await h.DeployedAsync(Cluster, """{"vpc_nickname":"main"}""", """{"cluster_arn":"arn-1"}""");
        var before = await h.Parameters.GetAsync("/iac/vpc/main/config", false, Ct);
        var head = h.ConfigRepo!.Head();

        await h.Client.ProposeAsync(LifecycleHarness.Request(Vpc, """{"cidr":"10.0.0.0/16","depends_on":["ecs-cluster/main"]}""", "c1"),
            LifecycleHarness.FastOptions);
        var result = await ResultAsync(h, LifecycleHarness.Env, Vpc, "c1");
        var status = await h.Client.GetStatusAsync(LifecycleHarness.Env, Vpc, "c1");

        Assert.Equal("invalid", result.Status);
        Assert.DoesNotContain(status.Timeline, t => t.State is ChangeState.Planning or ChangeState.Publishing or ChangeState.Applying);
        Assert.Contains("dependency cycle: vpc/main -> ecs-cluster/main -> vpc/main", result.Reason, StringComparison.Ordinal);
        Assert.Equal(before.Version, (await h.Parameters.GetAsync("/iac/vpc/main/config", false, Ct)).Version);
        Assert.Equal(head, h.ConfigRepo.Head());
    }

    [Fact]
    public async Task A_provider_committed_to_git_after_the_last_graph_build_is_accepted()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Vpc, """{"cidr":"10.0.0.0/16"}""", """{"vpc_id":"vpc-1"}""");

        // In Git, not yet in any stored graph (no build since).
        h.ConfigRepo!.WriteFile("iac/dev/ecs-cluster/main/config.json", """{"vpc_nickname":"main"}""").Commit("a cluster");
        Assert.DoesNotContain((await h.Graph.LoadLatestAsync(LifecycleHarness.Env, Ct))!.Graph.Nodes, n => n.Id == Cluster);

        await h.Client.ProposeAsync(LifecycleHarness.Request(new ComponentId("ecs-service", "api"), """{"cluster_nickname":"main"}""", "c1"),
            LifecycleHarness.FastOptions);
        var status = await h.WaitForAsync(new ComponentId("ecs-service", "api"), "c1",
            s => s.State == ChangeState.AwaitingApproval || s.Result is not null);

        Assert.True(status.State == ChangeState.AwaitingApproval, status.Result?.Reason);
    }

    private static async Task<ChangeResult> ResultAsync(LifecycleHarness h, string environment, ComponentId component, string changeId)
    {
        // The queue starts the change a moment after the proposal returns.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await h.Client.GetResultAsync(environment, component, changeId);
            }
            catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }
        }
    }
}
