using Karma.Cli.Infrastructure;
using Karma.Workflows.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Runtime;

namespace Karma.Cli.Local;

/// <summary>
/// Logs of the worker and of the Temporal SDK in a CLI process: plain lines on stderr (<see cref="StderrLoggerProvider"/>),
/// errors only unless --verbose. The SDK core's own lines (poll retries, a task the server no longer knows) describe
/// Temporal's internals and Karma reports what they cause in its own words, so they show only with --verbose.
/// </summary>
public static class CliLogging
{
    private static readonly Lock Gate = new();
    private static TemporalRuntime? _runtime;

    public static ILoggerFactory Loggers(CliConsole console) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(console.Verbose ? LogLevel.Information : LogLevel.Error)
        .AddFilter(TemporalSdkLogging.CoreCategory, console.Verbose ? LogLevel.Warning : LogLevel.None)
        .AddProvider(new StderrLoggerProvider(console)));

    /// <summary>The SDK runtime whose core logs through <see cref="Loggers"/>; one per process (the first console's).</summary>
    public static TemporalRuntime Runtime(CliConsole console)
    {
        lock (Gate)
        {
            return _runtime ??= TemporalSdkLogging.CreateRuntime(Loggers(console));
        }
    }
}
