using Karma.Activities.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows.Tests.Infrastructure;
using Temporalio.Client.Schedules;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>The Temporal Schedule that resyncs the graph and reports drift, against temporal-dev with the real SDK.</summary>
public sealed class GraphResyncScheduleTests
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Bucket = new("s3-bucket", "logs");

    [Fact]
    public async Task The_schedule_is_created_once_runs_the_graph_build_on_trigger_and_follows_the_interval()
    {
        await using var h = await LifecycleHarness.StartAsync();
        await h.DeployedAsync(Vpc, """{"cidr":"x"}""", """{"vpc_id":"vpc-1"}""");
        var before = (await h.Graph.LoadLatestAsync(LifecycleHarness.Env, CancellationToken.None))!.Version;

        var id = await h.Client.EnsureGraphResyncScheduleAsync(LifecycleHarness.Env, TimeSpan.FromHours(1));
        var schedule = h.Client.Temporal.GetScheduleHandle(id);
        var created = await schedule.DescribeAsync();

        Assert.Equal("karma/dev/graph-resync", id);
        Assert.Equal(TimeSpan.FromHours(1), Assert.Single(created.Schedule.Spec.Intervals).Every);
        var action = Assert.IsType<ScheduleActionStartWorkflow>(created.Schedule.Action);
        Assert.Equal("GraphBuildWorkflow", action.Workflow);
        Assert.Equal(h.TaskQueue, action.Options.TaskQueue);
        Assert.NotEmpty(created.Info.NextActionTimes);

        // Something the graph does not know yet: a config committed but never applied (a new node, and a drift finding).
        h.ConfigRepo!.WriteFile("iac/dev/s3-bucket/logs/config.json", """{"bucket_name":"logs"}""").Commit("a log bucket");
        await schedule.TriggerAsync();
        var (runId, outcome) = await CompletedRunAsync(h, schedule);
        var after = (await h.Graph.LoadLatestAsync(LifecycleHarness.Env, CancellationToken.None))!;

        Assert.True(outcome.Written);
        Assert.Equal(after.Version, outcome.Version);
        Assert.True(after.Version > before);
        Assert.Equal(1, outcome.NodesAdded);
        Assert.Contains(after.Graph.Nodes, n => n.Id == Bucket);
        Assert.Contains(outcome.Drift, d => d.Contains("never-applied", StringComparison.Ordinal) && d.Contains("s3-bucket/logs", StringComparison.Ordinal));
        var drift = Assert.Single(h.Notifier.Sent, n => n.Kind == ChangeNotificationKind.DriftDetected);
        Assert.Contains("s3-bucket/logs", drift.Text, StringComparison.Ordinal);

        Assert.Equal(id, await h.Client.EnsureGraphResyncScheduleAsync(LifecycleHarness.Env, TimeSpan.FromHours(1)));
        Assert.Single(await ScheduleIdsAsync(h));
        await h.Client.EnsureGraphResyncScheduleAsync(LifecycleHarness.Env, TimeSpan.FromMinutes(30));
        var updated = await schedule.DescribeAsync();

        Assert.Single(await ScheduleIdsAsync(h));
        Assert.Equal(TimeSpan.FromMinutes(30), Assert.Single(updated.Schedule.Spec.Intervals).Every);
        Assert.Equal(1, updated.Info.NumActions);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("graph-build-scheduled", runId));
    }

    private static async Task<List<string>> ScheduleIdsAsync(LifecycleHarness h)
    {
        var ids = new List<string>();
        await foreach (var entry in h.Client.Temporal.ListSchedulesAsync())
        {
            ids.Add(entry.Id);
        }

        return ids;
    }

    private static async Task<(string WorkflowId, GraphBuildOutcome Outcome)> CompletedRunAsync(LifecycleHarness h, ScheduleHandle schedule)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var recent = (await schedule.DescribeAsync()).Info.RecentActions;
            if (recent.LastOrDefault()?.Action is ScheduleActionExecutionStartWorkflow started)
            {
                return (started.WorkflowId, await h.Client.Temporal.GetWorkflowHandle(started.WorkflowId, started.FirstExecutionRunId).GetResultAsync<GraphBuildOutcome>());
            }

            Assert.True(DateTime.UtcNow < deadline, "the triggered schedule started no workflow");
            await Task.Delay(50);
        }
    }
}
