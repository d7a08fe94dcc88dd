using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Lifecycle;

/// <summary>Rebuilds an environment's graph from its sources (Git config + Parameter Store) and writes the delta.</summary>
public interface IGraphRefresher
{
    /// <summary>After an apply: writes the valid parts of the graph even when analysis finds errors (reported in <see cref="GraphRefresh.Errors"/>).</summary>
    /// <param name="overlay">A component config that is published but not yet in Git (a change being completed).</param>
    Task<GraphRefresh> RefreshAsync(string environment, ConfigOverlay? overlay, CancellationToken cancellationToken);

    /// <summary><c>karma graph build</c> and the scheduled resync: writes nothing when analysis finds errors.</summary>
    Task<GraphRefresh> ResyncAsync(string environment, CancellationToken cancellationToken);
}

/// <param name="Write">What writing changed; null when nothing was written (a resync that found errors).</param>
/// <param name="Drift">Human-readable findings that are not errors (config vs runtime drift, orphans, never applied), at most a few hundred.</param>
public sealed record GraphRefresh(GraphWriteResult? Write, string? GitCommit, IReadOnlyList<string> Drift, IReadOnlyList<string> Errors);

public sealed record ConfigOverlay(ComponentId Component, string ConfigJson);
