using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Core.Model;
using Karma.Core.Queries;

namespace Karma.Cli.Commands.Graph;

/// <summary><c>karma graph query downstream|upstream|consumers &lt;type&gt;/&lt;nickname&gt;</c>, <c>orphans</c>, <c>drift</c>.</summary>
internal static class GraphQueryCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("query", "Query the last stored graph (or Neptune directly with --gremlin).")
        {
            GremlinQueryCommand.GremlinOption,
            GremlinQueryCommand.AllowWriteOption,
        };
        command.SetAction((parsed, cancellationToken) => parsed.GetValue(GremlinQueryCommand.GremlinOption) is { } gremlin
            ? GremlinQueryCommand.RunAsync(parsed, globals, console, gremlin, cancellationToken)
            : throw CliException.Usage("name a query (downstream, upstream, consumers, orphans, drift) or pass --gremlin '<query>'."));
        command.Subcommands.Add(ForComponent("downstream", "Components that depend on it, transitively.", (q, id) => q.Downstream(id), globals, console));
        command.Subcommands.Add(ForComponent("upstream", "Components it depends on, transitively.", (q, id) => q.Upstream(id), globals, console));
        command.Subcommands.Add(ForComponent("consumers", "Components that consume its runtime directly.", (q, id) => q.Consumers(id), globals, console));
        command.Subcommands.Add(ForGraph("orphans", "Components in Parameter Store with no config in Git.", q => q.Orphans(), globals, console));
        command.Subcommands.Add(ForGraph("drift", "Components whose Parameter Store config differs from Git.", q => q.Drifted(), globals, console));
        return command;
    }

    private static Command ForComponent(
        string name, string description, Func<GraphQueries, ComponentId, IReadOnlyList<ComponentId>> query, GlobalOptions globals, CliConsole console)
    {
        var component = new Argument<string>("component") { Description = "<type>/<nickname>" };
        var command = new Command(name, description) { component };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var id = ParseComponent(parsed.GetRequiredValue(component));
            using var session = KarmaSession.Open(parsed, globals, console);
            var queries = new GraphQueries((await session.LoadStoredGraphAsync(cancellationToken)).Graph);
            if (!queries.Contains(id))
            {
                throw CliException.Usage($"component '{id}' is not in the graph of environment '{queries.Graph.Environment}'.");
            }

            return Print(console, name, id.ToString(), query(queries, id));
        });
        return command;
    }

    private static Command ForGraph(
        string name, string description, Func<GraphQueries, IReadOnlyList<ComponentId>> query, GlobalOptions globals, CliConsole console)
    {
        var command = new Command(name, description);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = KarmaSession.Open(parsed, globals, console);
            var queries = new GraphQueries((await session.LoadStoredGraphAsync(cancellationToken)).Graph);
            return Print(console, name, null, query(queries));
        });
        return command;
    }

    internal static ComponentId ParseComponent(string text) =>
        ComponentId.TryParse(text, out var id)
            ? id
            : throw CliException.Usage($"{NameRules.Quote(text)} is not a component: it {NameRules.ComponentIdProblem(text)}.");

    private static int Print(CliConsole console, string query, string? component, IReadOnlyList<ComponentId> ids)
    {
        if (console.IsJson)
        {
            console.WriteJson(new { query, component, components = ids.Select(id => id.ToString()) });
        }
        else if (ids.Count == 0)
        {
            console.Info(component is null ? $"no {query} components" : $"no {query} components of {component}");
        }
        else
        {
            foreach (var id in ids)
            {
                console.Out.WriteLine(id.ToString());
            }
        }

        return ExitCodes.Ok;
    }
}
