using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;

namespace Karma.Cli.Commands.Changes;

/// <summary>
/// <c>karma status &lt;change-id&gt;</c>: timeline with times, plan summary, approvals, result. Read from the change's
/// memo through the server alone; only a change without a memo needs the status query (see <see cref="ChangeStatusReader"/>).
/// </summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var changeId = new Argument<string>("change-id");
        var command = new Command("status", "Show a change's timeline, plan, approvals and result.") { changeId };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = KarmaSession.Open(parsed, globals, console);
            await using var connection = await LifecycleConnection.OpenForReadingAsync(session, cancellationToken);
            var address = await ChangeLocator.FindAsync(connection, parsed.GetRequiredValue(changeId), cancellationToken);
            var snapshot = await ChangeStatusReader.ReadAsync(connection, address.Environment, address.Component, address.ChangeId, cancellationToken);
            ChangePrinter.PrintStatus(console, snapshot.Status);
            if (snapshot.TerraformLine is { } line && !console.IsJson)
            {
                console.Out.WriteLine($"  now: {line}");
            }

            // The documented exit codes: a change that failed, was rejected or expired is 1, like the command that followed it.
            return ChangePrinter.ExitCodeFor(snapshot.Status.State);
        });
        return command;
    }
}
