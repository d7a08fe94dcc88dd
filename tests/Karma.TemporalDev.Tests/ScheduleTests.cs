using Karma.TemporalDev.Hosting;
using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Karma.Testing;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;

namespace Karma.TemporalDev.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class ScheduleTests(TemporalServerFixture fixture)
{
    [Fact]
    public async Task Interval_schedule_starts_workflows_and_can_be_paused_triggered_updated_listed_and_deleted()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var id = TemporalServerFixture.NewWorkflowId("schedule");
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.CreateScheduleAsync(id, new Schedule(
                ScheduleActionStartWorkflow.Create((CountingWorkflow wf) => wf.RunAsync(0, 0), new(id + "-wf", queue)),
                new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromSeconds(1))] }));
            await LifecycleTests.WaitUntilAsync(async () => (await handle.DescribeAsync()).Info.NumActions >= 2);
            var started = (await handle.DescribeAsync()).Info.RecentActions.Select(a => ((ScheduleActionExecutionStartWorkflow)a.Action).WorkflowId).ToList();
            Assert.NotEmpty(started);
            Assert.All(started, workflowId => Assert.StartsWith(id + "-wf-", workflowId, StringComparison.Ordinal));

            await handle.PauseAsync("maintenance");
            var paused = await handle.DescribeAsync();
            Assert.True(paused.Schedule.State.Paused);
            Assert.Equal("maintenance", paused.Schedule.State.Note);

            // AllowAll: the trigger must act even if the last interval's run is still open on a busy machine.
            await handle.TriggerAsync(new ScheduleTriggerOptions { Overlap = ScheduleOverlapPolicy.AllowAll });
            Assert.Equal(paused.Info.NumActions + 1, (await handle.DescribeAsync()).Info.NumActions);

            await handle.UpdateAsync(input => new ScheduleUpdate(input.Description.Schedule with
            {
                Spec = new ScheduleSpec { CronExpressions = ["0 3 * * 1-5"] },
            }));
            var updated = await handle.DescribeAsync();
            Assert.Equal(["0 3 * * 1-5"], updated.Schedule.Spec.CronExpressions);
            Assert.NotEmpty(updated.Info.NextActionTimes);
            Assert.All(updated.Info.NextActionTimes, t => Assert.Equal(3, t.Hour));

            var ids = new List<string>();
            await foreach (var s in fixture.Client.ListSchedulesAsync())
            {
                ids.Add(s.Id);
            }

            Assert.Contains(id, ids);
            await handle.DeleteAsync();
            await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(() => handle.DescribeAsync());
        });
    }

    [Fact]
    public async Task Overlap_policy_skip_does_not_start_while_the_previous_run_is_open()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var id = TemporalServerFixture.NewWorkflowId("overlap");
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.CreateScheduleAsync(id, new Schedule(
                ScheduleActionStartWorkflow.Create((SignalCounterWorkflow wf) => wf.RunAsync(), new(id + "-wf", queue)),
                new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromSeconds(1))] })
            {
                Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.Skip },
            });
            await LifecycleTests.WaitUntilAsync(async () => (await handle.DescribeAsync()).Info.NumActionsSkippedOverlap >= 1);
            var description = await handle.DescribeAsync();
            Assert.Equal(1, description.Info.NumActions);
            var running = (ScheduleActionExecutionStartWorkflow)Assert.Single(description.Info.RunningActions);
            await handle.DeleteAsync();
            await fixture.Client.GetWorkflowHandle(running.WorkflowId).TerminateAsync("cleanup");
        });
    }

    [Fact]
    public async Task Cron_schedule_overlap_policies_decide_what_a_trigger_does_to_the_open_run()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var id = TemporalServerFixture.NewWorkflowId("cron-overlap");
        await fixture.RunWorkerAsync(queue, async () =>
        {
            // A cron spec that will not fire during the test: every action is a trigger, with the schedule's or an overridden policy.
            var handle = await fixture.Client.CreateScheduleAsync(id, new Schedule(
                ScheduleActionStartWorkflow.Create((SignalCounterWorkflow wf) => wf.RunAsync(), new(id + "-wf", queue)),
                new ScheduleSpec { CronExpressions = ["0 3 1 1 *"] })
            {
                Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.TerminateOther },
            });
            await handle.TriggerAsync();
            var first = Assert.Single(await WaitForRunningActionsAsync(handle, 1));

            // Started workflow ids carry the action time to the second, as on Temporal: one trigger per second.
            await Task.Delay(1100, TestContext.Current.CancellationToken);
            await handle.TriggerAsync();
            await LifecycleTests.WaitUntilAsync(async () => (await fixture.Client.GetWorkflowHandle(first).DescribeAsync()).Status == WorkflowExecutionStatus.Terminated);
            var second = Assert.Single(await WaitForRunningActionsAsync(handle, 1));
            Assert.NotEqual(first, second);

            await Task.Delay(1100, TestContext.Current.CancellationToken);
            await handle.TriggerAsync(new ScheduleTriggerOptions { Overlap = ScheduleOverlapPolicy.AllowAll });
            Assert.Contains(second, await WaitForRunningActionsAsync(handle, 2));

            await Task.Delay(1100, TestContext.Current.CancellationToken);
            await handle.TriggerAsync(new ScheduleTriggerOptions { Overlap = ScheduleOverlapPolicy.CancelOther });
            await LifecycleTests.WaitUntilAsync(async () => (await fixture.Client.GetWorkflowHandle(second).FetchHistoryAsync()).Events
                .Any(e => e.EventType == EventType.WorkflowExecutionCancelRequested));
            var description = await handle.DescribeAsync();
            Assert.Equal(4, description.Info.NumActions);
            Assert.Equal(0, description.Info.NumActionsSkippedOverlap);
            await handle.DeleteAsync();
            await foreach (var open in fixture.Client.ListWorkflowsAsync($"TaskQueue = '{queue}' AND ExecutionStatus = 'Running'"))
            {
                try
                {
                    await fixture.Client.GetWorkflowHandle(open.Id, open.RunId).TerminateAsync("cleanup");
                }
                catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound)
                {
                    // The run CancelOther asked to cancel finished between the listing and the terminate.
                }
            }
        });
    }

    private static async Task<List<string>> WaitForRunningActionsAsync(ScheduleHandle handle, int count)
    {
        List<string> running = [];
        await LifecycleTests.WaitUntilAsync(async () =>
        {
            running = [.. (await handle.DescribeAsync()).Info.RunningActions.OfType<ScheduleActionExecutionStartWorkflow>().Select(a => a.WorkflowId)];
            return running.Count == count;
        });
        return running;
    }
}

public sealed class DurableScheduleTests
{
    [Fact]
    public async Task Schedules_survive_a_restart_and_keep_firing()
    {
        using var dir = new TempDirectory("temporal-dev-schedule");
        var options = new TemporalDevServerOptions { Port = ServerProcess.FreePort(), DbPath = dir.Combine("schedules.db") };
        var id = TemporalServerFixture.NewWorkflowId("durable-schedule");
        var queue = TemporalServerFixture.NewTaskQueue();
        await using (var first = await TemporalDevServer.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken))
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(first.Address));
            await client.CreateScheduleAsync(id, new Schedule(
                ScheduleActionStartWorkflow.Create((CountingWorkflow wf) => wf.RunAsync(0, 0), new(id + "-wf", queue)),
                new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromSeconds(1))] }));
        }

        await using var second = await TemporalDevServer.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken);
        var client2 = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(second.Address));
        var handle = client2.GetScheduleHandle(id);
        await TemporalServerFixture.RunWorkerAsync(client2, queue, async () =>
        {
            await LifecycleTests.WaitUntilAsync(async () => (await handle.DescribeAsync()).Info.NumActions >= 1);
            var action = (ScheduleActionExecutionStartWorkflow)(await handle.DescribeAsync()).Info.RecentActions.First().Action;
            Assert.Equal("reached 0 continued=False", await client2.GetWorkflowHandle(action.WorkflowId).GetResultAsync<string>());
        });
    }
}
