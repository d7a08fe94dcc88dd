using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

public sealed class ApprovalGateTests
{
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");

    [Fact]
    public async Task An_approved_change_is_published_applied_audited_and_reported_like_Karma()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a","outputs":{"bucket_name":"a"}}""", """{"bucket_name":"a"}""");

        var queued = await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b","outputs":{"bucket_name":"b"}}""", "c1"), LifecycleHarness.FastOptions);
        Assert.Equal("karma/dev/s3-bucket/assets/c1", queued.ChangeWorkflowId);
        var waiting = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        Assert.Equal("0 to add, 1 to change, 0 to destroy", waiting.Plan!.Summary);
        Assert.Equal(1, waiting.RequiredApprovals);

        var answer = await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Slack));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal(1, answer.Approvals);
        Assert.Equal("applied", result.Status);
        Assert.Equal(["s3-bucket/assets"], result.AffectedComponents);
        Assert.Equal("""{"bucket_name":"b","outputs":{"bucket_name":"b"}}""",
            (await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, TestContext.Current.CancellationToken)).Value);
        Assert.Equal(1, h.Terraform.Applies[Bucket]);
        var audit = await h.Audit.ReadAllAsync(TestContext.Current.CancellationToken);
        var last = Assert.Single(audit, e => e.Id == result.LogEntryId);
        Assert.Equal(("change_finished", "applied", "alice", "cli"), (last.Action, last.Status, last.User, last.Source));
        Assert.Contains(audit, e => e.Action == AuditActions.TerraformApplied);
        Assert.Contains(h.Notifier.Sent, n => n.Kind == ChangeNotificationKind.ApprovalNeeded && n.PlanSummary is not null);
        var final = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c1");
        Assert.Equal(
            [ChangeState.Queued, ChangeState.Validating, ChangeState.Analyzing, ChangeState.Planning, ChangeState.AwaitingApproval, ChangeState.Publishing,
             ChangeState.Applying, ChangeState.CapturingRuntime, ChangeState.Verifying, ChangeState.WritingGraph, ChangeState.Committing, ChangeState.Applied],
            final.Timeline.Select(t => t.State).Distinct());
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("change-approved", "karma/dev/s3-bucket/assets/c1"));
    }

    [Fact]
    public async Task Self_approval_is_refused_with_a_reason_and_leaves_no_trace()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1", by: "alice"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        var refused = await Assert.ThrowsAsync<ApprovalRefusedException>(() =>
            h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "Alice", ChangeSource.Cli)));
        var status = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Contains("cannot approve it (no self-approval)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(status.Approvals);
        Assert.DoesNotContain(status.Timeline, t => t.Note?.Contains("approved by", StringComparison.Ordinal) == true);
        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "alice", ChangeSource.Cli, "withdrawn"));
    }

    [Fact]
    public async Task A_change_without_a_reason_and_a_rejection_without_a_comment_leave_no_dangling_colon()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1") with { Reason = "" }, LifecycleHarness.FastOptions);
        var waiting = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli, "  "));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal("proposed by alice via cli", waiting.Timeline[0].Note);
        Assert.Equal("rejected by bob", result.Reason);
    }

    [Fact]
    public async Task A_rejected_change_ends_rejected_without_publishing()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Api, "not now"));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal("rejected", result.Status);
        Assert.Equal("rejected by bob: not now", result.Reason);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("change-rejected", "karma/dev/s3-bucket/assets/c1"));
        Assert.Equal("""{"bucket_name":"a"}""", (await h.Parameters.GetAsync("/iac/s3-bucket/assets/config", false, TestContext.Current.CancellationToken)).Value);
        Assert.False(h.Terraform.Applies.ContainsKey(Bucket));
    }

    [Fact]
    public async Task An_unapproved_change_expires_after_reminders()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        var options = LifecycleHarness.FastOptions with { ApprovalTimeout = TimeSpan.FromSeconds(3), ReminderInterval = TimeSpan.FromSeconds(1) };

        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), options);
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal("expired", result.Status);
        Assert.Contains(h.Notifier.Sent, n => n.Kind == ChangeNotificationKind.ApprovalReminder);
        Assert.Contains(h.Notifier.Sent, n => n.Kind == ChangeNotificationKind.Expired);
        Assert.False(h.Terraform.Applies.ContainsKey(Bucket));
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("change-expired", "karma/dev/s3-bucket/assets/c1"));
    }

    [Fact]
    public async Task A_policy_with_two_named_approvers_from_slack_and_an_extra_one_for_destroys()
    {
        var options = new LifecycleOptions();
        options.ApprovalPolicies[LifecycleHarness.Env] = new ApprovalPolicyOptions
        {
            RequiredApprovals = 1, Approvers = ["bob", "carol"], Sources = ["slack"], ExtraApprovalWhenDestroying = true,
        };
        await using var h = await LifecycleHarness.StartAsync(options);
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b","destroy":true}""", "c1"), LifecycleHarness.FastOptions);
        var waiting = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        Assert.Equal(2, waiting.RequiredApprovals);

        var stranger = await Assert.ThrowsAsync<ApprovalRefusedException>(() =>
            h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "mallory", ChangeSource.Slack)));
        var wrongSource = await Assert.ThrowsAsync<ApprovalRefusedException>(() =>
            h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli)));
        var first = await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Slack));
        var twice = await Assert.ThrowsAsync<ApprovalRefusedException>(() =>
            h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Slack)));
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "carol", ChangeSource.Slack));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Contains("not an approver", stranger.Message, StringComparison.Ordinal);
        Assert.Contains("not accepted", wrongSource.Message, StringComparison.Ordinal);
        Assert.Equal("1 of 2 approvals", first.Message);
        Assert.Contains("already approved", twice.Message, StringComparison.Ordinal);
        Assert.Equal("applied", result.Status);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("change-two-approvals-refusals", "karma/dev/s3-bucket/assets/c1"));
    }

    [Fact]
    public async Task An_approval_signal_is_the_fallback_and_invalid_signals_are_ignored()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        var handle = h.Client.Temporal.GetWorkflowHandle<ChangeWorkflow>("karma/dev/s3-bucket/assets/c1");

        await handle.SignalAsync(wf => wf.ApproveSignalAsync(new ApprovalVote("c1", "alice", ChangeSource.Cli)));
        var stillWaiting = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c1");
        await handle.SignalAsync(wf => wf.ApproveSignalAsync(new ApprovalVote("c1", "bob", ChangeSource.Cli)));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal(ChangeState.AwaitingApproval, stillWaiting.State);
        Assert.Empty(stillWaiting.Approvals);
        Assert.Equal("applied", result.Status);
    }
}
