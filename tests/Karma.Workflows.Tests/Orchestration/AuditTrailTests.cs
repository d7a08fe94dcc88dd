using System.Text.Json;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Secrets;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// What a change writes to its audit trail: no secret of its proposed config, every vote and cancel with who, how (cli,
/// api, slack) and when, and a cancel by someone else recorded as theirs.
/// </summary>
public sealed class AuditTrailTests
{
    private const string Password = "hunter2-very-secret";
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_proposed_secret_never_reaches_the_audit_trail_or_the_status_and_each_vote_is_audited_as_the_voters()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        var request = LifecycleHarness.Request(Bucket, $$"""{"bucket_name":"b","db_password":"{{Password}}"}""", "c1") with { Reason = $"rotate to {Password}" };
        var proposedAt = DateTimeOffset.UtcNow;

        await h.Client.ProposeAsync(request, LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Slack, "lgtm"));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        var status = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c1");
        var audit = (await h.Audit.ReadAllAsync(Ct)).Where(e => e.ChangeId == "c1").ToList();

        Assert.Equal("applied", result.Status);
        Assert.DoesNotContain(Password, File.ReadAllText(h.Audit.Path), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, JsonSerializer.Serialize(status), StringComparison.Ordinal);
        var requested = Assert.Single(audit, e => e.Action == AuditActions.ChangeRequested);
        Assert.Equal(SecretRedactor.Mask, requested.Inputs["proposed_change"]!["db_password"]!.GetValue<string>());
        Assert.Equal("b", requested.Inputs["proposed_change"]!["bucket_name"]!.GetValue<string>());
        Assert.Equal($"rotate to {SecretRedactor.Mask}", requested.Inputs["reason"]!.GetValue<string>());
        var vote = Assert.Single(audit, e => e.Action == AuditActions.Approval);
        Assert.Equal(("approved", "bob", "slack", "lgtm"), (vote.Status, vote.User, vote.Source, vote.Inputs["comment"]!.GetValue<string>()));
        Assert.InRange(vote.Timestamp, proposedAt.AddSeconds(-5), audit.Single(e => e.Action == AuditActions.ChangeFinished).Timestamp);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("change-votes-audited", "karma/dev/s3-bucket/assets/c1"));
    }

    [Fact]
    public async Task A_sensitive_output_left_out_of_the_runtime_is_a_warning_naming_it_never_its_value()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket,
            $$$"""{"bucket_name":"b","outputs":{"bucket_name":"b"},"sensitive_outputs":{"connection_string":"{{{Password}}}"}}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));

        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        var status = await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c1");
        var runtime = Assert.Single(await h.Audit.ReadAllAsync(Ct), e => e.Action == AuditActions.RuntimeUpdated);

        var warning = Assert.Single(result.Warnings, w => w.Contains("sensitive terraform output", StringComparison.Ordinal));
        Assert.StartsWith("sensitive terraform output connection_string not published to runtime", warning, StringComparison.Ordinal);
        Assert.Contains(status.Timeline, t => t.Note == warning);
        Assert.Equal(["connection_string"], runtime.Inputs["dropped_sensitive_outputs"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.DoesNotContain(Password, JsonSerializer.Serialize(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_by_another_user_is_recorded_as_the_cancellers_and_a_second_cancel_finds_the_change_ended()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        await h.Client.CancelAsync(LifecycleHarness.Env, Bucket, new ChangeCancellation("c1", "carol", ChangeSource.Api));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        var audit = (await h.Audit.ReadAllAsync(Ct)).Where(e => e.ChangeId == "c1").ToList();

        Assert.Equal(("cancelled", "cancelled by carol via api"), (result.Status, result.Reason));
        var cancel = Assert.Single(audit, e => e.Action == AuditActions.Cancellation);
        Assert.Equal(("requested", "carol", "api"), (cancel.Status, cancel.User, cancel.Source));
        var finished = Assert.Single(audit, e => e.Action == AuditActions.ChangeFinished);
        Assert.Equal(("cancelled", "carol", "api"), (finished.Status, finished.User, finished.Source));
        Assert.Equal("alice", Assert.Single(audit, e => e.Action == AuditActions.ChangeRequested).User);

        var again = await Assert.ThrowsAsync<ChangeEndedException>(() =>
            h.Client.CancelAsync(LifecycleHarness.Env, Bucket, new ChangeCancellation("c1", "carol", ChangeSource.Cli)));
        Assert.Equal("change c1 already ended: cancelled", again.Message);
    }

    [Fact]
    public async Task Votes_and_cancels_after_a_rejection_or_no_changes_find_the_change_ended()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli, "not now"));
        await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"a"}""", "c2"), LifecycleHarness.FastOptions);
        Assert.Equal("no_changes", (await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c2")).Status);

        var approve = await Assert.ThrowsAsync<ChangeEndedException>(() =>
            h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "carol", ChangeSource.Api)));
        var cancel = await Assert.ThrowsAsync<ChangeEndedException>(() =>
            h.Client.CancelAsync(LifecycleHarness.Env, Bucket, new ChangeCancellation("c1", "alice", ChangeSource.Cli)));
        var cancelNoChanges = await Assert.ThrowsAsync<ChangeEndedException>(() =>
            h.Client.CancelAsync(LifecycleHarness.Env, Bucket, new ChangeCancellation("c2", "alice", ChangeSource.Cli)));

        Assert.Equal("change c1 already ended: rejected", approve.Message);
        Assert.Equal("change c1 already ended: rejected", cancel.Message);
        Assert.Equal("change c2 already ended: no_changes", cancelNoChanges.Message);
        var rejection = Assert.Single(await h.Audit.ReadAllAsync(Ct), e => e.Action == AuditActions.Approval);
        Assert.Equal(("c1", "rejected", "bob", "cli", "not now"), (rejection.ChangeId, rejection.Status, rejection.User, rejection.Source, rejection.Inputs["comment"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_reused_change_id_is_a_retry_with_the_same_proposal_and_a_conflict_with_another()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        var first = LifecycleHarness.Request(Bucket, """{"bucket_name":"b","versioning":true}""", "c1");
        await h.Client.ProposeAsync(first, LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        var queued = LifecycleHarness.Request(Bucket, """{"bucket_name":"c"}""", "c2");
        await h.Client.ProposeAsync(queued, LifecycleHarness.FastOptions);

        // Key order and spacing are not a different proposal.
        var retry = await h.Client.ProposeAsync(first with { ProposedConfigJson = """{ "versioning": true, "bucket_name": "b" }""" }, LifecycleHarness.FastOptions);
        var running = await Assert.ThrowsAsync<ChangeIdConflictException>(() =>
            h.Client.ProposeAsync(first with { ProposedConfigJson = """{"bucket_name":"evil"}""" }, LifecycleHarness.FastOptions));
        var waiting = await Assert.ThrowsAsync<ChangeIdConflictException>(() =>
            h.Client.ProposeAsync(queued with { Reason = "another reason" }, LifecycleHarness.FastOptions));
        var queuedRetry = await h.Client.ProposeAsync(queued, LifecycleHarness.FastOptions);

        Assert.Equal(("c1", 0), (retry.ChangeId, retry.Position));
        Assert.Contains("change_id 'c1' is already used by another proposal (its proposed_change differs)", running.Message, StringComparison.Ordinal);
        Assert.Contains("change_id 'c2' is already used by another proposal (its reason differs)", waiting.Message, StringComparison.Ordinal);
        Assert.Equal(("c2", 1), (queuedRetry.ChangeId, queuedRetry.Position));
        var queue = await h.Client.ListChangesAsync(LifecycleHarness.Env, Bucket);
        Assert.Equal(["c2"], queue.Queued.Select(q => q.ChangeId));

        await h.Client.RejectAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "alice", ChangeSource.Cli));
        await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        var ended = await h.Client.ProposeAsync(first, LifecycleHarness.FastOptions);
        Assert.Equal(-1, ended.Position);
    }
}
