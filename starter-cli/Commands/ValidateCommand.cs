using System.CommandLine;
using Karma.Cli.Commands.Graph;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Commands;

/// <summary><c>karma validate</c>: the analysis of <c>graph build</c> without writing anything.</summary>
internal static class ValidateCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("validate", "Analyse the config repo and Parameter Store without writing anything.");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
            var analysis = await session.CreateGraphBuildService().AnalyseAsync(session.GraphSources(), cancellationToken);
            return GraphReport.Print(console, analysis, "validate");
        });
        return command;
    }
}
