using System.CommandLine;
using Karma.Activities.Configuration;
using Karma.Cli.Infrastructure;
using Karma.Gremlin.Protocol;
using Karma.Gremlin.Neptune;
using Karma.Gremlin.Query;

namespace Karma.Cli.Commands.Graph;

/// <summary>
/// <c>karma graph query --gremlin '&lt;query&gt;' [--allow-write]</c>: passes a read-only Gremlin query through to
/// Neptune (or a Gremlin Server) and prints the result as JSON or a table. Mutation steps are refused unless
/// --allow-write; lambdas and scripts beyond one traversal are always refused.
/// </summary>
internal static class GremlinQueryCommand
{
    public static Option<string?> GremlinOption { get; } = new("--gremlin") { Description = "A Gremlin traversal to run on Neptune (Karma:Graph:Provider=neptune)." };

    public static Option<bool> AllowWriteOption { get; } = new("--allow-write") { Description = "Allow mutation steps in --gremlin." };

    public static async Task<int> RunAsync(ParseResult parsed, GlobalOptions globals, CliConsole console, string query, CancellationToken cancellationToken)
    {
        var allowWrite = parsed.GetValue(AllowWriteOption);
        try
        {
            GremlinQueryGuard.Ensure(query, allowWrite);
        }
        catch (GremlinQueryRejectedException refused)
        {
            throw CliException.Usage($"--gremlin refused: {refused.Message}", refused);
        }

        using var session = KarmaSession.Open(parsed, globals, console);
        if (session.Options.Graph.Provider != GraphProvider.Neptune)
        {
            throw CliException.Usage("--gremlin needs the Neptune graph store: set Karma:Graph:Provider=neptune and Karma:Graph:Neptune:Endpoint.");
        }

        await using var client = NeptuneGraphStore.CreateClient(NeptuneOptions.FromConfiguration(session.Configuration.Configuration));
        IReadOnlyList<object?> results;
        try
        {
            results = await client.QueryAsync(query, allowWrite, cancellationToken);
        }
        catch (GremlinConnectionException unreachable)
        {
            throw CliException.Backend($"cannot reach the Gremlin endpoint: {unreachable.Message}", unreachable);
        }

        await console.Out.WriteLineAsync(console.IsJson ? GremlinJson.Serialize(results) : GremlinResultTable.Render(results));
        return ExitCodes.Ok;
    }
}
