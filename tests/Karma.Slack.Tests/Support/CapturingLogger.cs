using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Karma.Slack.Tests.Support;

/// <summary>Keeps every formatted log line (and exception text) so tests can check what was written.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToList();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
