using System.CommandLine;
using System.Globalization;
using Karma.Activities.Lifecycle;
using Karma.Cli.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Core.Rendering;

namespace Karma.Cli.Commands.Log;

/// <summary><c>karma log list|grep|diff</c>: the append-only audit trail (JSON lines under KARMA_HOME by default).</summary>
internal static class LogCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var component = new Option<string?>("--component") { Description = "Only entries of <type>/<nickname>." };
        var list = new Command("list", "List audit entries.") { component };
        list.SetAction((parsed, ct) => PrintAsync(parsed, globals, console, e => parsed.GetValue(component) is not { } c || e.Component == c, ct));

        var action = new Option<string>("--action") { Description = "Entries with this action (e.g. terraform_applied).", Required = true };
        var grep = new Command("grep", "Find audit entries by action.") { action };
        grep.SetAction((parsed, ct) => PrintAsync(parsed, globals, console, e => e.Action == parsed.GetRequiredValue(action), ct));

        var before = new Option<string>("--before") { Description = "End of the window (ISO 8601 date or time, UTC).", Required = true };
        var after = new Option<string>("--after") { Description = "Start of the window (ISO 8601 date or time, UTC).", Required = true };
        var diff = new Command("diff", "What changed between two points in time: the entries after --after and up to --before.") { before, after };
        diff.SetAction((parsed, ct) =>
        {
            var from = ParseTime(parsed.GetRequiredValue(after), "--after");
            var to = ParseTime(parsed.GetRequiredValue(before), "--before");
            if (from >= to)
            {
                throw CliException.Usage($"--after ({from:u}) must be earlier than --before ({to:u}).");
            }

            return PrintAsync(parsed, globals, console, e => e.Timestamp > from && e.Timestamp <= to, ct);
        });

        return new Command("log", "Read the audit trail.") { list, grep, diff };
    }

    private static async Task<int> PrintAsync(ParseResult parsed, GlobalOptions globals, CliConsole console, Func<AuditEntry, bool> filter, CancellationToken cancellationToken)
    {
        using var session = KarmaSession.Open(parsed, globals, console);
        var log = new AuditLog(session.Options.ToLifecycleOptions().ResolveAuditLogPath());
        // Entries written before the audit trail was redacted may hold secrets: every entry is shown redacted.
        var entries = (await log.ReadAllAsync(cancellationToken)).Where(filter).OrderBy(e => e.Timestamp).Select(e => e.Redacted()).ToList();
        if (console.IsJson)
        {
            console.WriteJson(entries);
        }
        else
        {
            await console.Out.WriteAsync(TextTable.Render(
                ["TIME", "ACTION", "COMPONENT", "USER", "SOURCE", "STATUS", "CHANGE"],
                entries.Select(e => (IReadOnlyList<string>)[e.Timestamp.ToString("u", CultureInfo.InvariantCulture), e.Action, e.Component, e.User, e.Source, e.Status, e.ChangeId ?? "-"])));
        }

        return ExitCodes.Ok;
    }

    private static DateTimeOffset ParseTime(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw CliException.Usage($"{option} '{text}' is not a date or time (ISO 8601, e.g. 2026-11-29 or 2026-11-29T15:30:00Z).");
}
