using System.CommandLine;
using System.Globalization;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Model;
using Karma.Core.Rendering;
using Karma.Workflows;

namespace Karma.Cli.Commands.Changes;

/// <summary><c>karma changes [--component] [--state] [--limit]</c>: recent changes (of <c>--env</c> when given) as a table or JSON.</summary>
internal static class ChangesCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var component = new Option<string?>("--component") { Description = "Only changes of <type>/<nickname>." };
        var state = new Option<string?>("--state") { Description = "Only changes in this state (e.g. awaiting_approval, applied)." };
        var limit = new Option<int>("--limit") { Description = "At most this many (newest first).", DefaultValueFactory = _ => 20 };
        var command = new Command("changes", "List changes.") { component, state, limit };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(limit) < 1)
            {
                throw CliException.Usage("--limit must be at least 1.");
            }

            using var session = KarmaSession.Open(parsed, globals, console);
            // Changes publish their status in their memo, which the listing carries: no query unless one lacks it.
            await using var connection = await LifecycleConnection.OpenForReadingAsync(session, cancellationToken);
            var rows = new List<Dictionary<string, string>>();
            // --env (or Karma:Environment) names the environment to list; without one, every environment's changes are listed.
            var environment = session.Options.Environment;
            await foreach (var (address, execution) in ChangeLocator.ListAsync(connection.Client, environment).WithCancellation(cancellationToken))
            {
                if (parsed.GetValue(component) is { } only && address.Component.ToString() != only)
                {
                    continue;
                }

                var status = await ChangeStatusMemo.ReadAsync(execution) ?? await QueryStatusAsync(connection, address.Environment, address.Component, address.ChangeId);
                if (parsed.GetValue(state) is { } wanted && !string.Equals(status.State.ToString(), wanted.Replace("_", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                rows.Add(new Dictionary<string, string>
                {
                    ["change_id"] = address.ChangeId,
                    ["component"] = address.Component.ToString(),
                    ["environment"] = address.Environment,
                    ["state"] = Core.Lifecycle.ChangeStates.ToWire(status.State),
                    ["requested_by"] = status.RequestedBy,
                    ["started"] = execution.StartTime.ToString("u", CultureInfo.InvariantCulture),
                });
                if (rows.Count >= parsed.GetValue(limit))
                {
                    break;
                }
            }

            if (console.IsJson)
            {
                console.WriteJson(rows);
            }
            else
            {
                await console.Out.WriteAsync(TextTable.Render(
                    ["CHANGE", "COMPONENT", "ENV", "STATE", "REQUESTED BY", "STARTED"],
                    rows.Select(r => (IReadOnlyList<string>)[r["change_id"], r["component"], r["environment"], r["state"], r["requested_by"], r["started"]])));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Task<ChangeStatus> QueryStatusAsync(LifecycleConnection connection, string environment, ComponentId component, string changeId) =>
        connection.Client.GetStatusAsync(environment, component, changeId);
}
