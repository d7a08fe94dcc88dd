using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Karma.TemporalDev.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class UpdateTests(TemporalServerFixture fixture)
{
    [Fact]
    public async Task Update_completes_is_rejected_by_its_validator_and_can_be_polled_after_acceptance()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));

            Assert.Equal("initial", await handle.ExecuteUpdateAsync(wf => wf.ChangeAsync("first")));
            Assert.Equal("first", await handle.QueryAsync(wf => wf.Value));

            var rejected = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.ChangeAsync(string.Empty)));
            Assert.Contains("must not be empty", rejected.InnerException?.Message, StringComparison.Ordinal);

            var started = await handle.StartUpdateAsync(wf => wf.ChangeAsync("second"), new(WorkflowUpdateStage.Accepted));
            Assert.Equal("first", await started.GetResultAsync());

            // The same update id again returns the recorded outcome instead of running the update twice.
            var again = await handle.ExecuteUpdateAsync(wf => wf.ChangeAsync("ignored"), new(started.Id));
            Assert.Equal("first", again);

            await handle.SignalAsync(wf => wf.FinishAsync());
            Assert.Equal("second", await handle.GetResultAsync());

            var events = (await handle.FetchHistoryAsync()).Events;
            Assert.Equal(2, events.Count(e => e.EventType == EventType.WorkflowExecutionUpdateAccepted));
            Assert.Equal(2, events.Count(e => e.EventType == EventType.WorkflowExecutionUpdateCompleted));
            await Replay.AssertReplaysAsync(handle);
        });
    }

    [Fact]
    public async Task Query_of_an_unknown_type_fails_as_a_query_failure_and_closed_workflows_can_be_queried()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));
            await Assert.ThrowsAsync<WorkflowQueryFailedException>(() => handle.QueryAsync<string>("NoSuchQuery", []));
            await handle.SignalAsync(wf => wf.SetAsync("final"));
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            Assert.Equal("final", await handle.QueryAsync(wf => wf.Value));
        });
    }

    [Fact]
    public async Task Update_of_a_closed_workflow_is_refused()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var handle = await fixture.Client.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));
        await handle.TerminateAsync("closed");
        await Assert.ThrowsAnyAsync<Exception>(() => handle.ExecuteUpdateAsync(wf => wf.ChangeAsync("late")));
    }
}
