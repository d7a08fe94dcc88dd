using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.TemporalDev.Tests.Http;

/// <summary>
/// A run seen through the HTTP API the way the Web UI sees it: listed with the UI's queries, counted by status,
/// described, its history read (forwards, newest first, long-polled), queried, signalled, cancelled, terminated.
/// Workflow ids carry slashes, as Karma's do.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class HttpWorkflowRoutesTests(TemporalServerFixture fixture) : IDisposable
{
    private readonly HttpJson http = new(fixture);

    [Fact]
    public async Task A_running_workflow_is_listed_counted_described_and_its_history_read()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var id = $"karma/change/{Guid.NewGuid():N}";
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var handle = await StartGreetingAsync(id, queue);
            var runId = handle.ResultRunId!;
            var wf = $"/api/v1/namespaces/default/workflows/{HttpJson.Path(id)}";

            var list = await http.GetAsync($"/api/v1/namespaces/default/workflows?query={HttpJson.Query($"WorkflowType=\"GreetingWorkflow\" AND TaskQueue=\"{queue}\"")}&pageSize=20");
            var listed = Assert.Single(list.GetProperty("executions").EnumerateArray());
            Assert.Equal(id, listed.GetProperty("execution").GetProperty("workflowId").GetString());
            Assert.Equal(runId, listed.GetProperty("execution").GetProperty("runId").GetString());
            Assert.Equal("GreetingWorkflow", listed.GetProperty("type").GetProperty("name").GetString());
            Assert.Equal("WORKFLOW_EXECUTION_STATUS_RUNNING", listed.GetProperty("status").GetString());

            var count = await http.GetAsync($"/api/v1/namespaces/default/workflow-count?query={HttpJson.Query($"TaskQueue=\"{queue}\" GROUP BY ExecutionStatus")}");
            Assert.Equal("1", count.GetProperty("count").GetString());
            var group = Assert.Single(count.GetProperty("groups").EnumerateArray());
            Assert.Equal("Running", HttpJson.Decode(group.GetProperty("groupValues")[0]).GetString());

            var described = await http.GetAsync($"{wf}?execution.runId={runId}");
            var info = described.GetProperty("workflowExecutionInfo");
            Assert.Equal(id, info.GetProperty("execution").GetProperty("workflowId").GetString());
            Assert.Equal(queue, info.GetProperty("taskQueue").GetString());

            var history = await http.GetAsync($"{wf}/history?execution.runId={runId}&waitNewEvent=true");
            var types = history.GetProperty("history").GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventType").GetString()).ToList();
            Assert.Equal("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", types[0]);
            Assert.Contains("EVENT_TYPE_ACTIVITY_TASK_COMPLETED", types);
            Assert.Equal("1", history.GetProperty("history").GetProperty("events")[0].GetProperty("eventId").GetString());

            var newest = await http.GetAsync($"{wf}/history-reverse?execution.runId={runId}&maximumPageSize=1");
            var last = Assert.Single(newest.GetProperty("history").GetProperty("events").EnumerateArray());
            Assert.Equal(types.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), last.GetProperty("eventId").GetString());

            var status = await http.PostAsync($"{wf}/query/Status", new
            {
                execution = new { workflowId = id, runId },
                query = new { queryType = "Status" },
            });
            Assert.Equal("waiting-signal", HttpJson.Decode(status.GetProperty("queryResult").GetProperty("payloads")[0]).GetString());
            var stack = await http.PostAsync($"{wf}/query/__stack_trace", new
            {
                execution = new { workflowId = id, runId },
                query = new { queryType = "__stack_trace" },
            });
            Assert.Contains(nameof(GreetingWorkflow), HttpJson.Decode(stack.GetProperty("queryResult").GetProperty("payloads")[0]).GetString(), StringComparison.Ordinal);

            // The UI follows a running workflow with a wait-new-event long poll from where it stopped reading.
            var token = history.GetProperty("nextPageToken").GetString()!;
            var poll = http.GetAsync($"{wf}/history?execution.runId={runId}&waitNewEvent=true&nextPageToken={Uri.EscapeDataString(token)}");
            await http.PostAsync($"{wf}/signal/Proceed", new
            {
                workflowExecution = new { workflowId = id, runId },
                input = new { payloads = new[] { HttpJson.Payload("from-http") } },
            });
            var fresh = (await poll).GetProperty("history").GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventType").GetString());
            Assert.Contains("EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED", fresh);
            Assert.Equal("Hello, http! signal=from-http", await handle.GetResultAsync<string>());
        }, o => o.WorkflowStackTrace = WorkflowStackTrace.Normal);
    }

    [Fact]
    public async Task Cancel_and_terminate_from_http_close_the_runs()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var cancelled = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new($"karma/cancel/{Guid.NewGuid():N}", queue));
            var terminated = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new($"karma/terminate/{Guid.NewGuid():N}", queue));

            await http.PostAsync($"/api/v1/namespaces/default/workflows/{HttpJson.Path(cancelled.Id)}/cancel", new { reason = "operator" });
            await http.PostAsync($"/api/v1/namespaces/default/workflows/{HttpJson.Path(terminated.Id)}/terminate", new { reason = "stopped from the UI" });

            await Assert.ThrowsAnyAsync<Temporalio.Exceptions.WorkflowFailedException>(() => cancelled.GetResultAsync<int>());
            Assert.Equal(WorkflowExecutionStatus.Canceled, (await cancelled.DescribeAsync()).Status);
            var description = await terminated.DescribeAsync();
            Assert.Equal(WorkflowExecutionStatus.Terminated, description.Status);
            var history = await terminated.FetchHistoryAsync();
            Assert.Equal("stopped from the UI", history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason);
        });
    }

    public void Dispose() => http.Dispose();

    private async Task<WorkflowHandle<GreetingWorkflow, string>> StartGreetingAsync(string id, string queue)
    {
        var handle = await fixture.Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("http"), new(id, queue));
        while (await handle.QueryAsync(wf => wf.Status) != "waiting-signal")
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return handle;
    }
}
