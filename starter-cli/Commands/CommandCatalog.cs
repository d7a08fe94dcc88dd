using System.CommandLine;
using Karma.Cli.Commands.Graph;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Commands;

/// <summary>Every top-level <c>karma</c> command; one file per command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(GlobalOptions globals, CliConsole console) =>
    [
        GraphCommand.Create(globals, console),
        ValidateCommand.Create(globals, console),
        DevServerCommand.Create(globals, console),
    ];
}
