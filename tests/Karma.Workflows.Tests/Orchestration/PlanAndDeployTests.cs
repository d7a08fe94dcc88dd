using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>The two non-change kinds: a dry run (plan) that changes nothing, and a deploy of the config as it is.</summary>
public sealed class PlanAndDeployTests
{
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");
    private static readonly ComponentId Reader = new("lambda", "reader");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_plan_reports_impact_and_plan_and_publishes_applies_audits_and_notifies_nothing()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a","outputs":{"bucket_name":"a"}}""", """{"bucket_name":"a"}""");
        await h.DeployedAsync(Reader, """{"bucket_nickname":"assets"}""", "{}");
        var configBefore = await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, Ct);
        var runtimeBefore = await h.Parameters.GetAsync("/iac/s3-bucket/assets/runtime", false, Ct);
        var auditBefore = (await h.Audit.ReadAllAsync(Ct)).Count;

        var started = await h.Client.PlanAsync(
            LifecycleHarness.Request(Bucket, """{"bucket_name":"b","outputs":{"bucket_name":"b"}}""", "plan-1"), LifecycleHarness.FastOptions);
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "plan-1");
        var status = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "plan-1");

        Assert.Equal("karma/dev/s3-bucket/assets/plan-1", started.ChangeWorkflowId);
        Assert.Equal(("planned", "0 to add, 1 to change, 0 to destroy"), (result.Status, result.PlanSummary));
        Assert.Equal(["s3-bucket/assets", "lambda/reader"], result.AffectedComponents);
        Assert.Null(result.LogEntryId);
        Assert.Equal((ChangeState.Planned, ChangeKind.Plan), (status.State, status.Kind));
        Assert.Equal(1, status.Plan!.Change);
        Assert.Equal(
            [ChangeState.Queued, ChangeState.Validating, ChangeState.Analyzing, ChangeState.Planning, ChangeState.Planned],
            status.Timeline.Select(t => t.State).Distinct());

        // Nothing changed anywhere: no Parameter Store write, no apply, no audit entry, no notification, no queue.
        Assert.Equal(configBefore.Version, (await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, Ct)).Version);
        Assert.Equal(runtimeBefore.Version, (await h.Parameters.GetAsync("/iac/s3-bucket/assets/runtime", false, Ct)).Version);
        Assert.False(h.Terraform.Applies.ContainsKey(Bucket));
        Assert.Equal(auditBefore, (await h.Audit.ReadAllAsync(Ct)).Count);
        Assert.DoesNotContain(h.Notifier.Sent, n => n.ChangeId == "plan-1");
        Assert.Null((await h.Client.ListChangesAsync(LifecycleHarness.Env, Bucket)).Running);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("plan-dry-run", "karma/dev/s3-bucket/assets/plan-1"));
    }

    [Fact]
    public async Task A_plan_runs_beside_a_change_awaiting_approval_and_a_retried_plan_id_is_the_same_plan()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        // The published config, planned: a dry run does not stop at "no changes" before terraform has looked.
        await h.Client.PlanAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"a"}""", "plan-2"), LifecycleHarness.FastOptions);
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "plan-2");
        var again = await h.Client.PlanAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"zzz"}""", "plan-2"), LifecycleHarness.FastOptions);
        var change = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal(("planned", "0 to add, 0 to change, 0 to destroy"), (result.Status, result.PlanSummary));
        Assert.Equal("karma/dev/s3-bucket/assets/plan-2", again.ChangeWorkflowId);
        Assert.Equal("0 to add, 0 to change, 0 to destroy", (await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "plan-2")).PlanSummary);
        Assert.Equal(ChangeState.AwaitingApproval, change.State);
        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "alice", ChangeSource.Cli));
    }

    [Fact]
    public void Plan_and_change_ids_cannot_be_mixed_up()
    {
        // The client validates before starting anything, so a plan never takes a queued change's workflow id.
        var planWithChangeId = Assert.Throws<InvalidChangeRequestException>(() =>
            (LifecycleHarness.Request(Bucket, "{}", "c1") with { Kind = ChangeKind.Plan }).Validate());
        var changeWithPlanId = Assert.Throws<InvalidChangeRequestException>(() =>
            LifecycleHarness.Request(Bucket, "{}", "plan-1").Validate());
        var deployWithPlanId = Assert.Throws<InvalidChangeRequestException>(() =>
            (LifecycleHarness.Request(Bucket, "{}", "plan-1") with { Kind = ChangeKind.Deploy }).Validate());

        Assert.Contains("must start with 'plan-'", planWithChangeId.Message, StringComparison.Ordinal);
        Assert.Contains("reserved for dry runs", changeWithPlanId.Message, StringComparison.Ordinal);
        Assert.Contains("reserved for dry runs", deployWithPlanId.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploying_a_published_but_never_applied_config_plans_waits_for_approval_and_applies()
    {
        await using var h = await LifecycleHarness.StartAsync();
        const string config = """{"bucket_name":"a","outputs":{"bucket_name":"a"}}""";
        await h.Parameters.PutAsync(new Karma.Core.Ports.ParameterWrite("/iac/s3-bucket/assets/config", config, Overwrite: true), Ct);
        await h.Refresher.RefreshAsync(LifecycleHarness.Env, null, Ct);

        var queued = await h.Client.DeployAsync(LifecycleHarness.Request(Bucket, config, "d1"), LifecycleHarness.FastOptions);
        var waiting = await h.WaitForAsync(Bucket, "d1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("d1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "d1");

        Assert.Equal("karma/dev/s3-bucket/assets/d1", queued.ChangeWorkflowId);
        Assert.Equal(ChangeKind.Deploy, waiting.Kind);
        Assert.Equal(1, waiting.Plan!.Change);
        Assert.Equal("applied", result.Status);
        Assert.Equal("deployed the config in Git; nothing to commit", result.Reason);
        Assert.Equal(1, h.Terraform.Applies[Bucket]);
        Assert.Equal("""{"bucket_name":"a"}""", (await h.Parameters.GetAsync("/iac/s3-bucket/assets/runtime", false, Ct)).Value);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("deploy-never-applied", "karma/dev/s3-bucket/assets/d1"));
    }

    [Fact]
    public async Task Deploying_an_up_to_date_component_ends_with_no_changes_after_planning()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        var configBefore = await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, Ct);

        await h.Client.DeployAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"a"}""", "d1"), LifecycleHarness.FastOptions);
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "d1");
        var status = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "d1");

        Assert.Equal(("no_changes", "0 to add, 0 to change, 0 to destroy"), (result.Status, result.PlanSummary));
        Assert.Contains("terraform has nothing to do", result.Reason, StringComparison.Ordinal);
        Assert.Contains(ChangeState.Planning, status.Timeline.Select(t => t.State));
        Assert.DoesNotContain(ChangeState.AwaitingApproval, status.Timeline.Select(t => t.State));
        Assert.False(h.Terraform.Applies.ContainsKey(Bucket));
        Assert.Equal(configBefore.Version, (await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, Ct)).Version);
        Assert.Contains(await h.Audit.ReadAllAsync(Ct), e => e.ChangeId == "d1" && e.Action == AuditActions.ChangeFinished && e.Status == "no_changes");
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("deploy-no-changes", "karma/dev/s3-bucket/assets/d1"));
    }
}
