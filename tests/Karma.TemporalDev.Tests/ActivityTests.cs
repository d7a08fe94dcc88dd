using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Karma.TemporalDev.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class ActivityTests(TemporalServerFixture fixture)
{
    [Fact]
    public async Task Server_retries_a_failing_activity_until_it_succeeds()
    {
        var result = await RunAsync(new RetryScenario("flaky", SucceedOnAttempt: 3));
        Assert.Equal("ok on attempt 3", result);
    }

    [Fact]
    public async Task Retries_stop_at_maximum_attempts()
    {
        var result = await RunAsync(new RetryScenario("typed", ErrorType: "Transient", MaximumAttempts: 2));
        Assert.Equal("failed: retryState=MaximumAttemptsReached cause=failure of type Transient on attempt 2", result);
    }

    [Fact]
    public async Task Non_retryable_error_types_from_the_policy_stop_retries_at_once()
    {
        var result = await RunAsync(new RetryScenario("typed", ErrorType: "Fatal") { NonRetryableTypes = ["Fatal"] });
        Assert.Equal("failed: retryState=NonRetryableFailure cause=failure of type Fatal on attempt 1", result);
    }

    [Fact]
    public async Task Non_retryable_application_failures_are_not_retried()
    {
        var result = await RunAsync(new RetryScenario("nonretryable"));
        Assert.Equal("failed: retryState=NonRetryableFailure cause=permanent", result);
    }

    [Theory]
    [InlineData("start-to-close", "attempt 2")]
    [InlineData("heartbeat", "resumed at 5")]
    [InlineData("schedule-to-close", "failed: ScheduleToClose")]
    [InlineData("schedule-to-start", "failed: ScheduleToStart")]
    public async Task Activity_timeouts_are_enforced_by_the_server(string kind, string expected)
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((TimeoutWorkflow wf) => wf.RunAsync(kind), new(TemporalServerFixture.NewWorkflowId(), queue));
            Assert.Equal(expected, await handle.GetResultAsync());
            await Replay.AssertReplaysAsync(handle);
        });
    }

    [Fact]
    public async Task Activity_can_be_completed_by_task_token_from_outside()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var id = TemporalServerFixture.NewWorkflowId();
            var handle = await fixture.Client.StartWorkflowAsync((AsyncCompletionWorkflow wf) => wf.RunAsync(), new(id, queue));
            var token = await AsyncTokens.WaitAsync(id).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            var description = await LifecycleTests.DescribeRawAsync(handle);
            Assert.Equal(PendingActivityState.Started, Assert.Single(description.PendingActivities).State);

            await fixture.Client.GetAsyncActivityHandle(token).CompleteAsync("done from outside");
            Assert.Equal("done from outside", await handle.GetResultAsync());
        });
    }

    private async Task<string> RunAsync(RetryScenario scenario)
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        string result = string.Empty;
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((RetryWorkflow wf) => wf.RunAsync(scenario), new(TemporalServerFixture.NewWorkflowId(), queue));
            result = await handle.GetResultAsync();
            await Replay.AssertReplaysAsync(handle);
        });
        return result;
    }
}
