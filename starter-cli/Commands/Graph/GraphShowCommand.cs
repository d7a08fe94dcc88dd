using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Core.Rendering;

namespace Karma.Cli.Commands.Graph;

/// <summary><c>karma graph show --format table|json|dot|mermaid</c>: the last stored graph.</summary>
internal static class GraphShowCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var format = new Option<string?>("--format") { Description = "table, json, dot or mermaid (default: table, or json with --output json)." };
        var command = new Command("show", "Print the last stored graph.") { format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = KarmaSession.Open(parsed, globals, console);
            var stored = await session.LoadStoredGraphAsync(cancellationToken);
            var chosen = parsed.GetValue(format) is { } text ? GraphFormats.Parse(text) : console.IsJson ? GraphFormat.Json : GraphFormat.Table;
            await console.Out.WriteAsync(GraphRenderer.Render(stored.Graph, chosen));
            return ExitCodes.Ok;
        });
        return command;
    }
}
