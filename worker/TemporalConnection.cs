using Karma.Activities.Configuration;
using Karma.TemporalDev.Selection;
using Karma.Workflows.Hosting;
using Temporalio.Client;

namespace Karma.Worker;

/// <summary>
/// Service mode's (and the stateless API's) Temporal: the configured target of <see cref="TemporalClientFactory"/>
/// (Karma:Temporal:*, TEMPORAL_* variables, a Temporal CLI profile), else the temporal-dev selector (a
/// <c>temporal</c> CLI dev server, else the embedded server persisted under KARMA_HOME).
/// </summary>
public static partial class TemporalConnection
{
    public static async Task<(ITemporalClient Client, IAsyncDisposable? Server, TemporalUiLocation? Ui)> ConnectAsync(
        KarmaConfiguration configuration, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var target = TemporalClientFactory.Resolve(configuration);
        var runtime = TemporalSdkLogging.CreateRuntime(loggers);
        var logger = loggers.CreateLogger("Karma.Worker");
        if (target.IsConfigured)
        {
            var description = target.Describe();
            LogChosen(logger, description);
            return (await TemporalClientFactory.ConnectAsync(target, loggers, runtime), null, null);
        }

        var endpoint = await TemporalEndpointSelector.SelectAsync(
            new TemporalEndpointSelectorOptions
            {
                DbPath = Path.Combine(configuration.Options.Home, "temporal-dev", "temporal.db"),
                Port = 0,
                UiPort = Karma.TemporalDev.Hosting.UiPort.Default,
                UiPortFallback = true,
            },
            loggers,
            cancellationToken);
        LogChosen(logger, endpoint.Description);
        try
        {
            return (await TemporalClientFactory.ConnectLocalAsync(endpoint.Address, target.Namespace, loggers, runtime), endpoint, endpoint.Ui is { } url ? new TemporalUiLocation(url) : null);
        }
        catch
        {
            await endpoint.DisposeAsync();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Temporal: {Description}")]
    private static partial void LogChosen(ILogger logger, string description);
}
