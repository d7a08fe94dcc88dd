using System.Text.Json;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows.Tests.Infrastructure;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// The change workflow publishes its status in its memo (read through DescribeWorkflowExecution, no worker needed), and
/// that status is the status query's, while the change waits and after it ended.
/// </summary>
public sealed class StatusMemoTests
{
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");

    [Fact]
    public async Task The_memo_holds_the_status_query_answer_while_waiting_and_once_applied()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        var waiting = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        // The memo is upserted by the same workflow task that reached the state: the query cannot be ahead of it.
        Assert.Equal(Json(waiting), Json(await MemoStatusAsync(h, "c1")));

        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        var final = await MemoStatusAsync(h, "c1");

        Assert.Equal(Json(await h.Client.GetStatusAsync(LifecycleHarness.Env, Bucket, "c1")), Json(final));
        Assert.Equal(ChangeState.Applied, final!.State);
        Assert.Equal("applied", final.Result?.Status);
        Assert.Equal("bob", Assert.Single(final.Approvals).User);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("status-memo", "karma/dev/s3-bucket/assets/c1"));
    }

    [Fact]
    public async Task A_status_too_large_for_a_memo_is_not_published_and_the_query_still_answers()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        var request = LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1") with { Reason = new string('r', ChangeStatusMemo.MaxBytes) };

        await h.Client.ProposeAsync(request, LifecycleHarness.FastOptions);
        var waiting = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);

        Assert.Null(await MemoStatusAsync(h, "c1"));
        Assert.Equal(request.Reason, waiting.Reason);
    }

    [Fact]
    public async Task Changes_are_searched_from_their_memos_without_a_worker()
    {
        await using var h = await LifecycleHarness.StartAsync();
        var logs = new ComponentId("s3-bucket", "logs");
        await h.DeployedAsync(Bucket, """{"bucket_name":"a"}""");
        await h.DeployedAsync(logs, """{"bucket_name":"l"}""");
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"b"}""", "c1"), LifecycleHarness.FastOptions);
        await h.Client.ProposeAsync(LifecycleHarness.Request(logs, """{"bucket_name":"l2"}""", "c2", by: "carol"), LifecycleHarness.FastOptions);
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval);
        await h.WaitForAsync(logs, "c2", s => s.State == ChangeState.AwaitingApproval);
        await h.StopWorkerAsync();

        // With no worker a status query would wait for its RPC deadline; the memos answer at once.
        var search = h.Client.SearchChangesAsync(new ChangeSearch(LifecycleHarness.Env), TestContext.Current.CancellationToken);
        Assert.Same(search, await Task.WhenAny(search, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken)));

        var found = (await search).Where(c => c.ChangeId is "c1" or "c2").OrderBy(c => c.ChangeId).ToList();
        Assert.Equal(["c1", "c2"], found.Select(c => c.ChangeId));
        Assert.All(found, c => Assert.Equal("awaiting_approval", c.State));
        Assert.Equal(["alice", "carol"], found.Select(c => c.RequestedBy));
    }

    private static async Task<ChangeStatus?> MemoStatusAsync(LifecycleHarness h, string changeId)
    {
        var temporal = h.Client.Temporal;
        var described = await temporal.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = temporal.Options.Namespace,
            Execution = new() { WorkflowId = ChangeIds.ChangeWorkflowId(LifecycleHarness.Env, Bucket, changeId) },
        });
        return await ChangeStatusMemo.ReadAsync(described.WorkflowExecutionInfo.Memo, temporal.Options.DataConverter);
    }

    private static string Json(ChangeStatus? status) => JsonSerializer.Serialize(status);
}
