using Karma.Cli.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Karma.Cli.Local;

/// <summary>Worker and SDK logs for the CLI: one line each on stderr, never on stdout (which stays machine-readable).</summary>
internal sealed class StderrLoggerProvider(CliConsole console) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(console, categoryName);

    public void Dispose()
    {
    }

    private sealed class StderrLogger(CliConsole console, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            console.Error.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}");
        }
    }
}
