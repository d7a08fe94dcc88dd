using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

public sealed class QueueTests
{
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");

    [Fact]
    public async Task A_second_change_for_a_busy_component_waits_its_turn_and_then_runs()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        var second = await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"c"}""", "c2"), LifecycleHarness.FastOptions);
        var again = await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"c"}""", "c2"), LifecycleHarness.FastOptions);
        var queue = await h.Client.ListChangesAsync(LifecycleHarness.Env, Bucket);
        var queuedStatus = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c2");

        Assert.Equal(1, second.Position);
        Assert.Equal(1, again.Position);
        Assert.Equal("c1", queue.Running!.ChangeId);
        Assert.Equal(["c2"], queue.Queued.Select(q => q.ChangeId));
        Assert.Equal((ChangeState.Queued, 1), (queuedStatus.State, queuedStatus.QueuePosition));

        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        Assert.Equal("applied", (await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1")).Status);
        await h.WaitForAsync(Bucket, "c2", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c2", "bob", ChangeSource.Cli));

        Assert.Equal("applied", (await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c2")).Status);
        Assert.Equal("""{"bucket_name":"c"}""", (await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, TestContext.Current.CancellationToken)).Value);
        Assert.Equal(2, h.Terraform.Applies[Bucket]);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("queue-two-changes", "karma/dev/s3-bucket/assets"), ("change-queued-second", "karma/dev/s3-bucket/assets/c2"));
    }

    [Fact]
    public async Task A_queued_change_can_be_withdrawn_before_it_starts()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"c"}""", "c2"), LifecycleHarness.FastOptions);

        await h.Client.CancelAsync(LifecycleHarness.Env, Bucket, new ChangeCancellation("c2", "bob", ChangeSource.Api));
        var queue = await h.Client.ListChangesAsync(LifecycleHarness.Env, Bucket);

        Assert.Empty(queue.Queued);
        Assert.Contains(queue.Recent, r => r.ChangeId == "c2" && r.Status == "cancelled" && r.Reason == "withdrawn before it started by bob via api");

        // The withdrawal is audited as bob's, not as the proposer's.
        var withdrawn = Assert.Single(await h.Audit.ReadAllAsync(TestContext.Current.CancellationToken), e => e.ChangeId == "c2");
        Assert.Equal((AuditActions.Cancellation, "withdrawn", "bob", "api"), (withdrawn.Action, withdrawn.Status, withdrawn.User, withdrawn.Source));
        await Assert.ThrowsAsync<ChangeEndedException>(() => h.Client.CancelAsync(LifecycleHarness.Env, Bucket, new ChangeCancellation("c2", "bob", ChangeSource.Api)));
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("queue-withdrawn-by", "karma/dev/s3-bucket/assets"));
        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "alice", ChangeSource.Cli));
    }

    [Fact]
    public async Task A_stale_plan_is_replanned_and_needs_approval_again()
    {
        var vpc = new ComponentId("vpc", "main");
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(vpc, """{"cidr":"10.0.0.0/16"}""", """{"vpc_id":"vpc-1"}""");
        await h.DeployedAsync(Bucket, """{"bucket_name":"a","depends_on":["vpc/main"]}""");
        h.Terraform.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b","depends_on":["vpc/main"]}""", "c1"), LifecycleHarness.FastOptions);
        var first = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        await h.Terraform.ApplyStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // The upstream runtime changes between approval and apply.
        await h.Parameters.PutAsync(new Karma.Core.Ports.ParameterWrite("/iac/vpc/main/runtime", """{"vpc_id":"vpc-2"}""", Overwrite: true), TestContext.Current.CancellationToken);
        h.Terraform.HoldApply.SetResult();
        var second = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval && s.Plan!.Fingerprint != first.Plan!.Fingerprint);

        Assert.Empty(second.Approvals);
        Assert.False(h.Terraform.Applies.ContainsKey(Bucket));
        Assert.Contains(second.Timeline, t => t.Note?.Contains("stale", StringComparison.Ordinal) == true);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        Assert.Equal("applied", (await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1")).Status);
        Assert.Equal(1, h.Terraform.Applies[Bucket]);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("change-stale-reapproved", "karma/dev/s3-bucket/assets/c1"));
    }

    [Fact]
    public async Task A_change_rejected_after_its_plan_went_stale_puts_the_config_that_was_live_back()
    {
        var vpc = new ComponentId("vpc", "main");
        var ct = TestContext.Current.CancellationToken;
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(vpc, """{"cidr":"10.0.0.0/16"}""", """{"vpc_id":"vpc-1"}""");
        await h.DeployedAsync(Bucket, """{"bucket_name":"a","depends_on":["vpc/main"]}""");
        h.Terraform.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b","depends_on":["vpc/main"]}""", "c1"), LifecycleHarness.FastOptions);
        var first = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        await h.Terraform.ApplyStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await h.Parameters.PutAsync(new Karma.Core.Ports.ParameterWrite("/iac/vpc/main/runtime", """{"vpc_id":"vpc-2"}""", Overwrite: true), ct);
        h.Terraform.HoldApply.SetResult();
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval && s.Plan!.Fingerprint != first.Plan!.Fingerprint);
        Assert.Equal("""{"bucket_name":"b","depends_on":["vpc/main"]}""", (await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, ct)).Value);

        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));

        Assert.Equal("rejected", (await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1")).Status);
        Assert.Equal("""{"bucket_name":"a","depends_on":["vpc/main"]}""", (await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, ct)).Value);
        Assert.False(h.Terraform.Applies.ContainsKey(Bucket));
    }

    [Fact]
    public async Task Removing_a_runtime_key_a_dependent_reads_is_rejected_naming_the_dependent()
    {
        var vpc = new ComponentId("vpc", "main");
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(vpc, """{"cidr":"10.0.0.0/16","outputs":{"vpc_id":"vpc-1","subnets":["a"]}}""", """{"vpc_id":"vpc-1","subnets":["a"]}""");
        await h.DeployedAsync(Bucket, """{"bucket_name":"a","vpc_nickname":"main","runtime_keys":{"vpc/main":["subnets"]}}""");

        await h.Client.ProposeAsync(LifecycleHarness.Request(vpc, """{"cidr":"10.0.0.0/16","outputs":{"vpc_id":"vpc-1"}}""", "c1"), LifecycleHarness.FastOptions);
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, vpc, "c1");

        Assert.Equal("invalid", result.Status);
        Assert.Contains("s3-bucket/assets reads subnets", result.Reason, StringComparison.Ordinal);
        Assert.Contains("s3-bucket/assets", result.AffectedComponents);
    }

    [Fact]
    public async Task A_config_that_refers_to_an_unknown_component_is_invalid()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");

        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"a","vpc_nickname":"nope"}""", "c1"), LifecycleHarness.FastOptions);
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal("invalid", result.Status);
        Assert.Contains("vpc/nope", result.Reason, StringComparison.Ordinal);
    }
}
