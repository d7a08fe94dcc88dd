using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Lifecycle;

namespace Karma.Cli.Commands.Changes;

/// <summary>
/// <c>karma apply [&lt;change-id&gt;]</c>: approves (if the caller may) and follows the change to its end. Without an
/// id: the single change waiting for approval, or an error listing the candidates.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var changeId = new Argument<string?>("change-id") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("apply", "Approve a change and follow it to the end.") { changeId };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var id = parsed.GetValue(changeId) ?? await SinglePendingAsync(parsed, globals, console, cancellationToken);
            return await VoteCommands.VoteAsync(parsed, globals, console, id, comment: null, approve: true, follow: true, cancellationToken);
        });
        return command;
    }

    private static async Task<string> SinglePendingAsync(ParseResult parsed, GlobalOptions globals, CliConsole console, CancellationToken cancellationToken)
    {
        using var session = KarmaSession.Open(parsed, globals, console);
        await using var connection = await LifecycleConnection.OpenAsync(session, cancellationToken);
        var pending = new List<string>();
        await foreach (var (address, execution) in ChangeLocator.ListAsync(connection.Client).WithCancellation(cancellationToken))
        {
            if (execution.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running
                && (await connection.Client.GetStatusAsync(address.Environment, address.Component, address.ChangeId)).State == ChangeState.AwaitingApproval)
            {
                pending.Add($"{address.ChangeId} ({address.Component} in {address.Environment})");
            }
        }

        return pending switch
        {
            [var only] => only[..only.IndexOf(' ', StringComparison.Ordinal)],
            [] => throw CliException.Usage("no change is waiting for approval."),
            _ => throw CliException.Usage($"{pending.Count} changes wait for approval; name one: {string.Join(", ", pending)}"),
        };
    }
}
