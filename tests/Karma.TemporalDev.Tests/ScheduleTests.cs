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
            Assert.All(started, workflowId => Assert.StartsWith(id + "-wf-", workflowId, StringComparison.Ordinal));

            await handle.PauseAsync("maintenance");
            var paused = await handle.DescribeAsync();
            Assert.True(paused.Schedule.State.Paused);
            Assert.Equal("maintenance", paused.Schedule.State.Note);

            await handle.TriggerAsync();
            Assert.Equal(paused.Info.NumActions + 1, (await handle.DescribeAsync()).Info.NumActions);

            await handle.UpdateAsync(input => new ScheduleUpdate(input.Description.Schedule with
            {
                Spec = new ScheduleSpec { CronExpressions = ["0 3 * * 1-5"] },
            }));
            var updated = await handle.DescribeAsync();
            Assert.Equal(["0 3 * * 1-5"], updated.Schedule.Spec.CronExpressions);
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
