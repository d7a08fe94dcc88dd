using System.CommandLine;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Commands.Graph;

/// <summary><c>karma graph build</c>: load, infer, analyse, write the delta; exit 1 (writing nothing) on graph errors.</summary>
internal static class GraphBuildCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("build", "Build the dependency graph from Git and Parameter Store and store it.");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
            var analysis = await session.CreateGraphBuildService().BuildAsync(session.GraphSources(), cancellationToken);
            return GraphReport.Print(console, analysis, "graph build");
        });
        return command;
    }
}
