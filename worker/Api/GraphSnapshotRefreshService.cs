using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Karma.Worker.Api;

/// <summary>
/// Loads the configured environment's graph at start, then re-checks the store every
/// <see cref="KarmaApiSettings.RefreshIntervalSeconds"/> to pick up writes by other processes (the CLI).
/// Writes through this process refresh immediately via <see cref="SnapshotRefreshingGraphStore"/>.
/// </summary>
public sealed partial class GraphSnapshotRefreshService(
    CachedGraphSnapshotSource snapshots, KarmaApiContext context, ILogger<GraphSnapshotRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (context.DefaultEnvironment is not { } environment)
        {
            // Nothing to preload: environments are loaded when a request names them.
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, context.Settings.RefreshIntervalSeconds)));
        do
        {
            try
            {
                var snapshot = await snapshots.RefreshAsync(environment, stoppingToken).ConfigureAwait(false);
                if (snapshot is not null)
                {
                    LogServing(logger, environment, snapshot.Version);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store hiccup must not stop the service; /readyz reports the missing graph meanwhile.
                LogRefreshFailed(logger, environment, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "API serves graph {Environment} version {Version}")]
    private static partial void LogServing(ILogger logger, string environment, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh graph {Environment} for the API")]
    private static partial void LogRefreshFailed(ILogger logger, string environment, Exception exception);
}
