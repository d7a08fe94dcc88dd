using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Lifecycle;

/// <summary>Rebuilds an environment's graph from its sources (Git config + Parameter Store) and writes the delta.</summary>
public interface IGraphRefresher
{
    /// <param name="overlay">A component config that is published but not yet in Git (a change being completed).</param>
    Task<GraphRefresh> RefreshAsync(string environment, ConfigOverlay? overlay, CancellationToken cancellationToken);
}

/// <param name="Drift">Human-readable drift findings (config vs runtime, orphans), at most a few hundred.</param>
public sealed record GraphRefresh(GraphWriteResult Write, string? GitCommit, IReadOnlyList<string> Drift, IReadOnlyList<string> Errors);

public sealed record ConfigOverlay(ComponentId Component, string ConfigJson);
