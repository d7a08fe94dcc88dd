using Temporalio.Activities;

namespace Karma.Activities.Lifecycle;

public sealed record GraphRefreshInput(string Environment, ConfigOverlay? Overlay = null);

/// <summary>
/// Graph build and delta write. Idempotent: the store writes only the difference to the last ready graph, so a retry
/// after a successful write finds nothing to change.
/// </summary>
public sealed class GraphActivities(IGraphRefresher refresher)
{
    [Activity]
    public Task<GraphRefresh> RefreshGraphAsync(GraphRefreshInput input) =>
        refresher.RefreshAsync(input.Environment, input.Overlay, ActivityExecutionContext.Current.CancellationToken);
}
