using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;

namespace Karma.TemporalDev.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class VisibilityTests(TemporalServerFixture fixture)
{
    [Fact]
    public async Task List_and_count_filter_by_type_status_time_and_custom_search_attributes()
    {
        var queue = TemporalServerFixture.NewTaskQueue();
        var tag = Guid.NewGuid().ToString("N");
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var before = DateTimeOffset.UtcNow.AddSeconds(-1);
            var build = await StartTaggedAsync(queue, $"build-{tag}", due: DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            var deploy = await StartTaggedAsync(queue, $"deploy-{tag}", due: DateTimeOffset.Parse("2031-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            await build.SignalAsync(wf => wf.FinishAsync());
            await build.GetResultAsync();
            await LifecycleTests.WaitUntilAsync(async () => (await deploy.DescribeAsync()).TypedSearchAttributes.Get(TaggingWorkflow.Stage) == $"deploy-{tag}");

            Assert.Equal([deploy.Id], await IdsAsync($"KarmaStage = 'deploy-{tag}'"));
            Assert.Equal(2, await CountAsync($"KarmaStage IN ('build-{tag}', 'deploy-{tag}')"));
            Assert.Equal([build.Id], await IdsAsync($"KarmaStage STARTS_WITH 'build-{tag}' AND ExecutionStatus = 'Completed'"));
            Assert.Equal(2, await CountAsync($"KarmaStage IN ('build-{tag}', 'deploy-{tag}') AND WorkflowType = 'TaggingWorkflow' AND StartTime > '{before:O}'"));
            Assert.Equal(0, await CountAsync($"KarmaStage IN ('build-{tag}', 'deploy-{tag}') AND StartTime < '{before:O}'"));
            Assert.Equal(2, await CountAsync($"(KarmaStage = 'build-{tag}' OR KarmaStage = 'deploy-{tag}') AND KarmaWeight = 7 AND KarmaUrgent = true"));
            Assert.Equal([deploy.Id], await IdsAsync($"KarmaStage IN ('build-{tag}', 'deploy-{tag}') AND KarmaDue > '2030-06-01T00:00:00Z'"));
            Assert.Equal([deploy.Id], await IdsAsync($"WorkflowId = '{deploy.Id}' AND ExecutionStatus = 'Running'"));

            var described = await deploy.DescribeAsync();
            Assert.Equal(7, described.TypedSearchAttributes.Get(TaggingWorkflow.Weight));
            Assert.Equal("karma", await described.Memo["owner"].ToValueAsync<string>());
            await deploy.SignalAsync(wf => wf.FinishAsync());
        });
    }

    private async Task<WorkflowHandle<TaggingWorkflow, string>> StartTaggedAsync(string queue, string stage, DateTimeOffset due) =>
        await fixture.Client.StartWorkflowAsync((TaggingWorkflow wf) => wf.RunAsync(stage), new(TemporalServerFixture.NewWorkflowId(), queue)
        {
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(TaggingWorkflow.Due, due).Set(TaggingWorkflow.Notes, "free text").ToSearchAttributeCollection(),
            Memo = new Dictionary<string, object> { ["purpose"] = "test" },
        });

    private async Task<List<string>> IdsAsync(string query)
    {
        var ids = new List<string>();
        await foreach (var e in fixture.Client.ListWorkflowsAsync(query))
        {
            ids.Add(e.Id);
        }

        return ids;
    }

    private async Task<long> CountAsync(string query) => (await fixture.Client.CountWorkflowsAsync(query)).Count;
}
