using Karma.Activities.Lifecycle;
using Temporalio.Workflows;

namespace Karma.Workflows;

public sealed record GraphBuildInput(string Environment, bool NotifyDrift = true);

/// <param name="Written">False when analysis found errors and nothing was written (the stored graph is unchanged).</param>
/// <param name="Drift">What differs between Git config and Parameter Store (capped by the refresher).</param>
public sealed record GraphBuildOutcome(long Version, bool Unchanged, int NodesAdded, int NodesUpdated, int NodesRemoved,
    int EdgesAdded, int EdgesRemoved, string? GitCommit, IReadOnlyList<string> Drift, IReadOnlyList<string> Errors, bool Written = true);

/// <summary>
/// <c>karma graph build</c>, and the scheduled resync: rebuild the environment's graph, write the delta (nothing when
/// analysis finds errors, like the CLI's build), and tell people what drifted or is broken.
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
            (GraphActivities a) => a.RefreshGraphAsync(new GraphRefreshInput(input.Environment, null, true)),
            LifecycleActivityOptions.Terraform(options, $"build graph of {input.Environment}"));
        var findings = refresh.Errors.Concat(refresh.Drift).ToList();

        // Builds from before errors were reported notified only drift.
        var report = refresh.Drift.Count > 0 || (refresh.Errors.Count > 0 && Workflow.Patched("graph-build-reports-errors"));
        _step = report ? "reporting drift" : "done";
        if (input.NotifyDrift && report)
        {
            var text = (refresh.Errors.Count > 0 ? $"{refresh.Errors.Count} error(s), graph not updated; " : string.Empty) +
                $"{refresh.Drift.Count} drift finding(s): {string.Join("; ", findings.Take(10))}";
            var notification = new ChangeNotification(ChangeNotificationKind.DriftDetected, input.Environment, "*", Workflow.Info.WorkflowId,
                Workflow.Info.WorkflowId, "karma", text);
            await Workflow.ExecuteActivityAsync((NotificationActivities a) => a.NotifyAsync(notification),
                LifecycleActivityOptions.Quick(options, "notify drift"));
        }

        _step = "done";
        return refresh.Write is { } w
            ? new GraphBuildOutcome(w.Version, w.Unchanged, w.NodesAdded, w.NodesUpdated, w.NodesRemoved, w.EdgesAdded, w.EdgesRemoved,
                refresh.GitCommit, refresh.Drift, refresh.Errors)
            : new GraphBuildOutcome(0, true, 0, 0, 0, 0, 0, refresh.GitCommit, refresh.Drift, refresh.Errors, Written: false);
    }
}
