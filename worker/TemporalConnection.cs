using Karma.Activities.Configuration;
using Karma.TemporalDev.Selection;
using Temporalio.Client;

namespace Karma.Worker;

/// <summary>
/// Service mode's Temporal: the configured address (Karma:Temporal:Address or TEMPORAL_ADDRESS), else the
/// temporal-dev selector (a <c>temporal</c> CLI dev server, else the embedded server persisted under KARMA_HOME).
/// </summary>
public static partial class TemporalConnection
{
    public static async Task<(ITemporalClient Client, IAsyncDisposable? Server, TemporalUiLocation? Ui)> ConnectAsync(
        KarmaConfiguration configuration, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var options = configuration.Options;
        IAsyncDisposable? started = null;
        TemporalUiLocation? ui = null;
        var address = options.Temporal.Address;
        if (configuration.SourceOf("Karma:Temporal:Address") == "built-in default")
        {
            var endpoint = await TemporalEndpointSelector.SelectAsync(
                new TemporalEndpointSelectorOptions
                {
                    DbPath = Path.Combine(options.Home, "temporal-dev", "temporal.db"),
                    Port = 0,
                    UiPort = Karma.TemporalDev.Hosting.UiPort.DefaultOrFree(),
                },
                loggers,
                cancellationToken);
            started = endpoint;
            address = endpoint.Address;
            ui = endpoint.Ui is { } url ? new TemporalUiLocation(url) : null;
            var logger = loggers.CreateLogger("Karma.Worker");
            LogChosen(logger, endpoint.Description);
        }

        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address)
        {
            Namespace = options.Temporal.Namespace,
            LoggerFactory = loggers,
            Runtime = Karma.Workflows.Hosting.TemporalSdkLogging.CreateRuntime(loggers),
        });
        return (client, started, ui);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Temporal: {Description}")]
    private static partial void LogChosen(ILogger logger, string description);
}
