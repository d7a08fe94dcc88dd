using Karma.Core.Ports;

namespace Karma.Activities.Lifecycle;

/// <summary>Rebuilds an environment's graph from its sources (Git config + Parameter Store) and writes the delta.</summary>
public interface IGraphRefresher
{
    Task<GraphRefresh> RefreshAsync(string environment, CancellationToken cancellationToken);
}

/// <param name="Drift">Human-readable drift findings (config vs runtime, orphans), at most a few hundred.</param>
public sealed record GraphRefresh(GraphWriteResult Write, string? GitCommit, IReadOnlyList<string> Drift, IReadOnlyList<string> Errors);
