using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;

namespace Karma.Cli.Commands.Changes;

/// <summary><c>karma status &lt;change-id&gt;</c>: timeline with times, plan summary, approvals, result.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var changeId = new Argument<string>("change-id");
        var command = new Command("status", "Show a change's timeline, plan, approvals and result.") { changeId };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = KarmaSession.Open(parsed, globals, console);
            await using var connection = await LifecycleConnection.OpenAsync(session, cancellationToken);
            var address = await ChangeLocator.FindAsync(connection.Client, parsed.GetRequiredValue(changeId), cancellationToken);
            var status = await connection.Client.GetStatusAsync(address.Environment, address.Component, address.ChangeId);
            ChangePrinter.PrintStatus(console, status);
            return ExitCodes.Ok;
        });
        return command;
    }
}
