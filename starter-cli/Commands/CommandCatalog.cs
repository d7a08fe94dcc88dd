using System.CommandLine;
using Karma.Cli.Commands.Changes;
using Karma.Cli.Commands.Graph;
using Karma.Cli.Commands.Log;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Commands;

/// <summary>Every top-level <c>karma</c> command; one file per command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(GlobalOptions globals, CliConsole console) =>
    [
        GraphCommand.Create(globals, console),
        ValidateCommand.Create(globals, console),
        ProposeChangeCommand.Create(globals, console),
        PlanCommand.Create(globals, console),
        DeployCommand.Create(globals, console),
        VoteCommands.CreateApprove(globals, console),
        VoteCommands.CreateReject(globals, console),
        ApplyCommand.Create(globals, console),
        StatusCommand.Create(globals, console),
        ChangesCommand.Create(globals, console),
        CancelCommand.Create(globals, console),
        LogCommand.Create(globals, console),
        WorkerCommand.Create(globals, console),
        DevServerCommand.Create(globals, console),
        Demo.DemoCommand.Create(globals, console),
    ];
}
