using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Lifecycle;
using Karma.Workflows;

namespace Karma.Cli.Commands.Changes;

/// <summary><c>karma cancel &lt;change-id&gt;</c>: withdraws a queued change or cancels a running one.</summary>
internal static class CancelCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var changeId = new Argument<string>("change-id");
        var command = new Command("cancel", "Withdraw a queued change or cancel a running one (a running apply is let finish).") { changeId };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = KarmaSession.Open(parsed, globals, console);
            await using var connection = await LifecycleConnection.OpenAsync(session, cancellationToken);
            var address = await ChangeLocator.FindAsync(connection.Client, parsed.GetRequiredValue(changeId), cancellationToken);
            try
            {
                await connection.Client.CancelAsync(address.Environment, address.Component,
                    new ChangeCancellation(address.ChangeId, CliIdentity.Resolve(session.Options), ChangeSource.Cli));
            }
            catch (ChangeEndedException ended)
            {
                throw CliException.Failed(ended.Message, ended);
            }

            console.Info($"cancellation of {address.ChangeId} requested");
            if (connection.IsLocalMode)
            {
                var status = await ChangeFollower.FollowAsync(console, connection.Client, address.Environment, address.Component, address.ChangeId, stopAtApproval: false, cancellationToken);
                ChangePrinter.PrintStatus(console, status);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
