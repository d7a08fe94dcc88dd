using Karma.Activities.Lifecycle;
using Temporalio.Workflows;

namespace Karma.Workflows;

public sealed record GraphBuildInput(string Environment, bool NotifyDrift = true);

/// <param name="Drift">What differs between Git config and Parameter Store (capped by the refresher).</param>
public sealed record GraphBuildOutcome(long Version, bool Unchanged, int NodesAdded, int NodesUpdated, int NodesRemoved,
    int EdgesAdded, int EdgesRemoved, string? GitCommit, IReadOnlyList<string> Drift, IReadOnlyList<string> Errors);

/// <summary>
/// <c>karma graph build</c>, and the scheduled resync: rebuild the environment's graph, write the delta, and tell
/// people what drifted.
/// </summary>
[Workflow]
public sealed class GraphBuildWorkflow
{
    private string _step = "starting";

    [WorkflowQuery]
    public string Step => _step;

    [WorkflowRun]
    public async Task<GraphBuildOutcome> RunAsync(GraphBuildInput input)
    {
        var options = new ChangeOptions();
        _step = "building";
        var refresh = await Workflow.ExecuteActivityAsync(
            (GraphActivities a) => a.RefreshGraphAsync(new GraphRefreshInput(input.Environment)),
            LifecycleActivityOptions.Terraform(options, $"build graph of {input.Environment}"));
        var w = refresh.Write;
        _step = refresh.Drift.Count > 0 ? "reporting drift" : "done";
        if (input.NotifyDrift && refresh.Drift.Count > 0)
        {
            var text = $"{refresh.Drift.Count} drift finding(s): {string.Join("; ", refresh.Drift.Take(10))}";
            var notification = new ChangeNotification(ChangeNotificationKind.DriftDetected, input.Environment, "*", Workflow.Info.WorkflowId,
                Workflow.Info.WorkflowId, "karma", text);
            await Workflow.ExecuteActivityAsync((NotificationActivities a) => a.NotifyAsync(notification),
                LifecycleActivityOptions.Quick(options, "notify drift"));
        }

        return new GraphBuildOutcome(w.Version, w.Unchanged, w.NodesAdded, w.NodesUpdated, w.NodesRemoved, w.EdgesAdded, w.EdgesRemoved,
            refresh.GitCommit, refresh.Drift, refresh.Errors);
    }
}
