using System.CommandLine;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Commands.Graph;

internal static class GraphCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console) =>
        new("graph", "Build, show and query the component dependency graph.")
        {
            GraphBuildCommand.Create(globals, console),
            GraphShowCommand.Create(globals, console),
            GraphQueryCommand.Create(globals, console),
        };
}
