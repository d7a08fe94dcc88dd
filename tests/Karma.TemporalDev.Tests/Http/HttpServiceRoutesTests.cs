using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Client.Schedules;

namespace Karma.TemporalDev.Tests.Http;

/// <summary>
/// What every UI page loads (settings, cluster and system info, namespaces, search attributes), schedules, task
/// queues, and how the HTTP API answers what it cannot do: <c>{code, message, details}</c> with the HTTP status of
/// the gRPC code.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class HttpServiceRoutesTests(TemporalServerFixture fixture) : IDisposable
{
    private readonly HttpJson http = new(fixture);

    [Fact]
    public async Task The_pages_common_calls_answer_as_the_UI_server_would()
    {
        var settings = await http.GetAsync("/api/v1/settings");
        Assert.False(settings.GetProperty("Auth").GetProperty("Enabled").GetBoolean());
        Assert.False(settings.GetProperty("DisableWriteActions").GetBoolean());
        Assert.False(settings.GetProperty("WorkflowTerminateDisabled").GetBoolean());
        Assert.Equal("second", settings.GetProperty("DefaultNamespace").GetString());
        Assert.True(Version.Parse(settings.GetProperty("Version").GetString()!) >= new Version(2, 23, 0));

        Assert.Equal("karma-temporal-dev", (await http.GetAsync("/api/v1/cluster-info")).GetProperty("clusterName").GetString());
        Assert.True((await http.GetAsync("/api/v1/system-info")).GetProperty("capabilities").GetProperty("countGroupByExecutionStatus").GetBoolean());
        var namespaces = (await http.GetAsync("/api/v1/namespaces?pageSize=100")).GetProperty("namespaces").EnumerateArray()
            .Select(n => n.GetProperty("namespaceInfo").GetProperty("name").GetString());
        Assert.Contains("default", namespaces);
        Assert.Contains("second", namespaces);

        var attributes = await http.GetAsync("/api/v1/namespaces/default/search-attributes");
        Assert.Equal("INDEXED_VALUE_TYPE_KEYWORD", attributes.GetProperty("systemAttributes").GetProperty("WorkflowType").GetString());
    }

    [Fact]
    public async Task Schedules_and_task_queues_are_listed_and_described()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var id = $"karma/resync/{Guid.NewGuid():N}";
        var schedule = await fixture.Client.CreateScheduleAsync(id, new Schedule(
            ScheduleActionStartWorkflow.Create((SignalCounterWorkflow wf) => wf.RunAsync(), new(id + "-wf", queue)),
            new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(6))] }));
        try
        {
            var listed = (await http.GetAsync("/api/v1/namespaces/default/schedules?maximumPageSize=100")).GetProperty("schedules").EnumerateArray()
                .Select(s => s.GetProperty("scheduleId").GetString());
            Assert.Contains(id, listed);
            var described = await http.GetAsync($"/api/v1/namespaces/default/schedules/{HttpJson.Path(id)}");
            Assert.Equal("21600s", described.GetProperty("schedule").GetProperty("spec").GetProperty("interval")[0].GetProperty("interval").GetString());
            Assert.Equal(queue, described.GetProperty("schedule").GetProperty("action").GetProperty("startWorkflow").GetProperty("taskQueue").GetProperty("name").GetString());
        }
        finally
        {
            await schedule.DeleteAsync();
        }

        await fixture.RunWorkerAsync(queue, async () =>
        {
            // The UI sends the task queue type as the enum's number (1 = workflow, 2 = activity).
            var pollers = Array.Empty<string?>();
            for (var i = 0; i < 200 && pollers.Length == 0; i++)
            {
                var described = await http.GetAsync($"/api/v1/namespaces/default/task-queues/{queue}?taskQueueType=1");
                pollers = described.TryGetProperty("pollers", out var p) ? [.. p.EnumerateArray().Select(x => x.GetProperty("identity").GetString())] : [];
                await Task.Delay(pollers.Length == 0 ? 20 : 0, TestContext.Current.CancellationToken);
            }

            Assert.NotEmpty(pollers);
        });
    }

    [Fact]
    public async Task Errors_carry_the_grpc_code_its_http_status_and_a_message()
    {
        var (status, body) = await http.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/workflows/karma%2Fno-such-run");
        Assert.Equal(404, status);
        Assert.Equal(5, body.GetProperty("code").GetInt32());
        Assert.Contains("karma/no-such-run", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, body.GetProperty("details").GetArrayLength());

        (status, body) = await http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/workflows/x/reset", "{}");
        Assert.Equal(501, status);
        Assert.Equal(12, body.GetProperty("code").GetInt32());
        Assert.Equal("karma-temporal-dev does not implement WorkflowService/ResetWorkflowExecution.", body.GetProperty("message").GetString());

        (status, body) = await http.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/workflows?query=" + HttpJson.Query("WorkflowId = "));
        Assert.Equal(400, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Contains("WorkflowId", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        (status, body) = await http.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/workflows/x/terminate", "{not json");
        Assert.Equal(400, status);
        Assert.Contains("TerminateWorkflowExecution", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        (status, body) = await http.SendAsync(HttpMethod.Get, "/api/v1/no-such-route");
        Assert.Equal(404, status);
        Assert.Contains("no HTTP route GET /api/v1/no-such-route", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => http.Dispose();
}
