using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Karma.TemporalDev.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class CompositionTests(TemporalServerFixture fixture)
{
    [Theory]
    [InlineData("ok", "child said: Hello, child!")]
    [InlineData("fail", "child failed: child gives up")]
    public async Task Child_workflow_result_or_failure_reaches_the_parent(string mode, string expected)
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((ParentWorkflow wf) => wf.RunAsync(mode), new(TemporalServerFixture.NewWorkflowId(), queue));
            Assert.Equal(expected, await handle.GetResultAsync());
            var child = await fixture.Client.GetWorkflowHandle(handle.Id + "-child").DescribeAsync();
            Assert.Equal(handle.Id, child.ParentId);
            await Replay.AssertReplaysAsync(handle);
            await Replay.AssertReplaysAsync(fixture.Client.GetWorkflowHandle(handle.Id + "-child"));
        });
    }

    [Fact]
    public async Task Terminating_the_parent_terminates_the_child_by_parent_close_policy()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((ParentWorkflow wf) => wf.RunAsync("wait"), new(TemporalServerFixture.NewWorkflowId(), queue));
            var child = fixture.Client.GetWorkflowHandle(handle.Id + "-child");
            await LifecycleTests.WaitUntilAsync(async () =>
                (await LifecycleTests.DescribeRawAsync(handle)).PendingChildren.Any(c => !string.IsNullOrEmpty(c.RunId)));
            await handle.TerminateAsync("stop the family");
            await LifecycleTests.WaitUntilAsync(async () => (await child.DescribeAsync()).Status == WorkflowExecutionStatus.Terminated);
        });
    }

    [Theory]
    [InlineData(Temporalio.Workflows.ParentClosePolicy.RequestCancel, WorkflowExecutionStatus.Canceled)]
    [InlineData(Temporalio.Workflows.ParentClosePolicy.Abandon, WorkflowExecutionStatus.Running)]
    public async Task Closing_the_parent_applies_the_childs_parent_close_policy(Temporalio.Workflows.ParentClosePolicy policy, WorkflowExecutionStatus childStatus)
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((ClosePolicyParentWorkflow wf) => wf.RunAsync(policy), new(TemporalServerFixture.NewWorkflowId(), queue));
            var child = fixture.Client.GetWorkflowHandle(handle.Id + "-child");
            await LifecycleTests.WaitUntilAsync(async () =>
                (await LifecycleTests.DescribeRawAsync(handle)).PendingChildren.Any(c => !string.IsNullOrEmpty(c.RunId)));
            await handle.TerminateAsync("close the parent");
            if (childStatus == WorkflowExecutionStatus.Running)
            {
                // Abandon: nothing is sent to the child; a cancel request sent by mistake would land within this pause.
                await Task.Delay(500, TestContext.Current.CancellationToken);
                Assert.Equal(WorkflowExecutionStatus.Running, (await child.DescribeAsync()).Status);
                Assert.DoesNotContain((await child.FetchHistoryAsync()).Events, e => e.EventType == Temporalio.Api.Enums.V1.EventType.WorkflowExecutionCancelRequested);
                await child.TerminateAsync("cleanup");
            }
            else
            {
                await LifecycleTests.WaitUntilAsync(async () => (await child.DescribeAsync()).Status == childStatus);
            }
        });
    }

    [Fact]
    public async Task A_cancelled_timer_is_recorded_as_canceled_and_never_fires()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((CancelledTimerWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));
            await LifecycleTests.WaitUntilAsync(async () => (await handle.FetchHistoryAsync()).Events.Any(e => e.EventType == EventType.TimerStarted));
            await handle.SignalAsync(wf => wf.StopAsync());
            Assert.Equal("timer canceled", await handle.GetResultAsync());
            var events = (await handle.FetchHistoryAsync()).Events;
            var started = Assert.Single(events, e => e.EventType == EventType.TimerStarted);
            var canceled = Assert.Single(events, e => e.EventType == EventType.TimerCanceled);
            Assert.Equal(started.TimerStartedEventAttributes.TimerId, canceled.TimerCanceledEventAttributes.TimerId);
            Assert.Equal(started.EventId, canceled.TimerCanceledEventAttributes.StartedEventId);
            Assert.DoesNotContain(events, e => e.EventType == EventType.TimerFired);
            Assert.Empty((await LifecycleTests.DescribeRawAsync(handle)).PendingActivities);
        });
    }

    [Fact]
    public async Task Continue_as_new_chains_runs_and_the_result_follows_the_chain()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((CountingWorkflow wf) => wf.RunAsync(0, 3), new(TemporalServerFixture.NewWorkflowId(), queue));
            Assert.Equal("reached 3 continued=True", await handle.GetResultAsync());
            var runs = new List<string>();
            await foreach (var execution in fixture.Client.ListWorkflowsAsync($"WorkflowId = '{handle.Id}'"))
            {
                runs.Add(execution.Status.ToString());
            }

            Assert.Equal(3, runs.Count(s => s == nameof(WorkflowExecutionStatus.ContinuedAsNew)));
            Assert.Single(runs, s => s == nameof(WorkflowExecutionStatus.Completed));
            var first = fixture.Client.GetWorkflowHandle(handle.Id, handle.ResultRunId);
            Assert.Equal(EventType.WorkflowExecutionContinuedAsNew, (await first.FetchHistoryAsync()).Events.Last().EventType);
            await Replay.AssertReplaysAsync(first);
        });
    }

    [Fact]
    public async Task Workflow_retry_policy_runs_a_failed_workflow_again()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((RetriedWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue)
            {
                RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 3 },
            });
            Assert.Equal("attempt 2", await handle.GetResultAsync());
            var first = fixture.Client.GetWorkflowHandle(handle.Id, handle.ResultRunId);
            Assert.Equal(WorkflowExecutionStatus.Failed, (await first.DescribeAsync()).Status);
            await Replay.AssertReplaysAsync(first);
        });
    }

    [Fact]
    public async Task Workflow_run_timeout_closes_the_run_as_timed_out()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue)
            {
                RunTimeout = TimeSpan.FromMilliseconds(500),
            });
            var e = await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<Temporalio.Exceptions.TimeoutFailureException>(e.InnerException);
            Assert.Equal(WorkflowExecutionStatus.TimedOut, (await handle.DescribeAsync()).Status);
        });
    }
}
