using System.CommandLine;
using System.Globalization;
using Karma.Activities.Audit;
using Karma.Cli.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Core.Ports;
using Karma.Core.Rendering;

namespace Karma.Cli.Commands.Log;

/// <summary><c>karma log list|grep|diff</c>: the append-only audit trail, read from the configured store (Karma:Audit:Store; JSON lines under KARMA_HOME by default).</summary>
internal static class LogCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var component = new Option<string?>("--component") { Description = "Only entries of <type>/<nickname>." };
        var list = new Command("list", "List audit entries.") { component };
        list.SetAction((parsed, ct) => PrintAsync(parsed, globals, console, new AuditQuery(Component: parsed.GetValue(component)), ct));

        var action = new Option<string>("--action") { Description = "Entries with this action (e.g. terraform_applied).", Required = true };
        var grep = new Command("grep", "Find audit entries by action.") { action };
        grep.SetAction((parsed, ct) => PrintAsync(parsed, globals, console, new AuditQuery(Action: parsed.GetRequiredValue(action)), ct));

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

            // The window excludes its start: an entry at --after is what the user compares against.
            return PrintAsync(parsed, globals, console, new AuditQuery(Since: from, Until: to), ct, e => e.Timestamp > from);
        });

        return new Command("log", "Read the audit trail.") { list, grep, diff };
    }

    private static async Task<int> PrintAsync(
        ParseResult parsed, GlobalOptions globals, CliConsole console, AuditQuery query, CancellationToken cancellationToken, Func<AuditEntry, bool>? alsoKeep = null)
    {
        using var session = KarmaSession.Open(parsed, globals, console);
        var store = AuditStoreFactory.Create(session.Options);
        try
        {
            // Entries written before the audit trail was redacted may hold secrets: every entry is shown redacted.
            var entries = (await store.ReadAsync(query, cancellationToken)).Where(alsoKeep ?? (_ => true)).Select(e => e.Redacted()).ToList();
            Print(console, entries);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }

        return ExitCodes.Ok;
    }

    private static void Print(CliConsole console, List<AuditEntry> entries)
    {
        if (console.IsJson)
        {
            console.WriteJson(entries);
        }
        else
        {
            console.Out.Write(TextTable.Render(
                ["TIME", "ACTION", "COMPONENT", "USER", "SOURCE", "STATUS", "CHANGE"],
                entries.Select(e => (IReadOnlyList<string>)[e.Timestamp.ToString("u", CultureInfo.InvariantCulture), e.Action, e.Component, e.User, e.Source, e.Status, e.ChangeId ?? "-"])));
        }
    }

    private static DateTimeOffset ParseTime(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw CliException.Usage($"{option} '{text}' is not a date or time (ISO 8601, e.g. 2026-11-29 or 2026-11-29T15:30:00Z).");
}
