using Google.Protobuf;
using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Karma.TemporalDev.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class HistoryApiTests(TemporalServerFixture fixture)
{
    [Fact]
    public async Task History_pages_by_maximum_page_size_and_the_pages_join_up()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));
            for (var i = 0; i < 10; i++)
            {
                await handle.SignalAsync(wf => wf.IncrementAsync());
            }

            await handle.SignalAsync(wf => wf.StopAsync());
            Assert.Equal(10, await handle.GetResultAsync());

            var all = (await handle.FetchHistoryAsync()).Events;
            var paged = new List<long>();
            var token = ByteString.Empty;
            do
            {
                var page = await fixture.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
                {
                    Namespace = "default",
                    Execution = new() { WorkflowId = handle.Id },
                    MaximumPageSize = 4,
                    NextPageToken = token,
                });
                Assert.True(page.History.Events.Count <= 4);
                paged.AddRange(page.History.Events.Select(e => e.EventId));
                token = page.NextPageToken;
            }
            while (!token.IsEmpty);

            Assert.Equal(all.Select(e => e.EventId), paged);
            Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), paged);
        });
    }

    [Fact]
    public async Task Close_event_filter_returns_only_the_close_event_and_waits_for_it()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));
            var waiting = fixture.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                WaitNewEvent = true,
                HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
            });
            Assert.False(waiting.IsCompleted);
            await handle.SignalAsync(wf => wf.StopAsync());
            var response = await waiting;
            Assert.Equal(EventType.WorkflowExecutionCompleted, Assert.Single(response.History.Events).EventType);
        });
    }

    [Fact]
    public async Task Wait_new_event_returns_when_the_next_event_arrives()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var handle = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(TemporalServerFixture.NewWorkflowId(), queue));
        var first = await fixture.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new() { WorkflowId = handle.Id },
            WaitNewEvent = true,
        });
        Assert.Equal(2, first.History.Events.Count);
        var next = fixture.Client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new() { WorkflowId = handle.Id },
            WaitNewEvent = true,
            NextPageToken = first.NextPageToken,
        });
        await handle.SignalAsync(wf => wf.IncrementAsync());
        var response = await next;
        Assert.Equal(EventType.WorkflowExecutionSignaled, response.History.Events[0].EventType);
        await handle.TerminateAsync("done");
    }
}
