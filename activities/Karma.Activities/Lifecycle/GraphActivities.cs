using Temporalio.Activities;

namespace Karma.Activities.Lifecycle;

/// <param name="Overlay">A published config not yet in Git (the change being completed).</param>
/// <param name="Resync">A check of the whole environment (<c>karma graph build</c>, the schedule): nothing is written
/// when analysis finds errors. Otherwise (after an apply) the valid parts are written and the errors reported.</param>
public sealed record GraphRefreshInput(string Environment, ConfigOverlay? Overlay = null, bool Resync = false);

/// <summary>
/// Graph build and delta write. Idempotent: the store writes only the difference to the last ready graph, so a retry
/// after a successful write finds nothing to change.
/// </summary>
public sealed class GraphActivities(IGraphRefresher refresher)
{
    [Activity]
    public Task<GraphRefresh> RefreshGraphAsync(GraphRefreshInput input)
    {
        var ct = ActivityExecutionContext.Current.CancellationToken;
        return input.Resync ? refresher.ResyncAsync(input.Environment, ct) : refresher.RefreshAsync(input.Environment, input.Overlay, ct);
    }
}
