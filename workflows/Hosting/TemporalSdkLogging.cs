using Microsoft.Extensions.Logging;
using Temporalio.Runtime;

namespace Karma.Workflows.Hosting;

/// <summary>
/// The Temporal SDK's core (its Rust engine) logs through Karma's logging instead of printing its own lines, ANSI
/// colour included, straight to stderr: a runtime whose core warnings and errors are forwarded to the category
/// <see cref="CoreCategory"/> of a logger factory, where the host's filters decide what a user sees. A runtime has its
/// own thread pool: create one per process.
/// </summary>
public static class TemporalSdkLogging
{
    public const string CoreCategory = "Temporalio.Core";

    public static TemporalRuntime CreateRuntime(ILoggerFactory loggers) => new(new TemporalRuntimeOptions
    {
        Telemetry = new TelemetryOptions
        {
            Logging = new LoggingOptions
            {
                Filter = new TelemetryFilterOptions(TelemetryFilterOptions.Level.Warn, TelemetryFilterOptions.Level.Error),
                Forwarding = new LogForwardingOptions { Logger = loggers.CreateLogger(CoreCategory) },
            },
        },
    });
}
