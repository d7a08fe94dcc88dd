using System.Collections.Concurrent;
using Karma.Activities.Terraform;
using Microsoft.Extensions.Logging;

namespace Karma.Benchmarks;

/// <summary>
/// A logger for <see cref="TerraformRunner"/> that keeps each finished terraform command and its wall time (from the
/// runner's own "terraform X for Y exited Z after N ms" log), so a bench knows exactly which commands Karma ran.
/// </summary>
internal sealed class TerraformCommandLog : ILogger<TerraformRunner>
{
    private readonly ConcurrentQueue<(string Command, double Ms)> _commands = new();

    /// <summary>Takes the commands recorded so far, in order, and starts afresh.</summary>
    public List<(string Command, double Ms)> Drain()
    {
        var taken = new List<(string Command, double Ms)>();
        while (_commands.TryDequeue(out var command))
        {
            taken.Add(command);
        }

        return taken;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        var command = fields.FirstOrDefault(f => f.Key == "Command").Value as string;
        if (command is not null && fields.FirstOrDefault(f => f.Key == "ElapsedMs").Value is double ms)
        {
            _commands.Enqueue((command, ms));
        }
    }
}
