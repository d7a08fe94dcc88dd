using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;

namespace Karma.Cli.Commands;

/// <summary><c>karma worker</c>: hosts the lifecycle worker in the foreground until Ctrl+C.</summary>
internal static class WorkerCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("worker", "Run a lifecycle worker in the foreground (Ctrl+C stops it; a running terraform gets its grace period).");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
            await using var connection = await LifecycleConnection.OpenWorkerAsync(session, cancellationToken);
            console.Info($"worker polling task queue '{session.Options.Temporal.TaskQueue}' at {connection.Address}; Ctrl+C stops it");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                console.Info("worker stopping");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
