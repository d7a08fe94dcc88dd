using Karma.Activities.Audit;
using Karma.Core.Lifecycle;
using Karma.Core.Ports;

namespace Karma.Worker.Api;

/// <summary>GET /log: the audit trail (the configured store, Karma:Audit:Store), filtered by the store; newest last.</summary>
internal static class LogEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/log", ReadAsync).RequireRole(ApiRoles.Reader).WithTags("Log").WithName("GetLog")
            .WithSummary("Filters: component, action, user, change_id, since, until (ISO 8601), limit (1-1000, default 100).");

    private static async Task<IResult> ReadAsync(
        HttpContext http, string? component, string? action, string? user, string? change_id, string? since, string? until, string? limit)
    {
        var take = QueryParameters.Limit("limit", limit, DefaultLimit, MaxLimit);
        var from = ParseTime("since", since);
        var to = ParseTime("until", until);
        var store = http.RequestServices.GetRequiredService<IAuditStore>();
        IReadOnlyList<AuditEntry> matching;
        try
        {
            matching = await store.ReadAsync(new AuditQuery(component, action, user, change_id, from, to), http.RequestAborted);
        }
        catch (FormatException e)
        {
            return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "Audit log unreadable", e.Message);
        }
        catch (AuditStoreException e)
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Audit store unreachable", e.Message);
        }

        // Entries written before the audit trail was redacted may hold secrets: every entry is served redacted.
        return Results.Ok(new LogView(matching.Count, matching.Skip(Math.Max(0, matching.Count - take)).Select(e => e.Redacted()).ToList()));
    }

    private static DateTimeOffset? ParseTime(string field, string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time
        : throw ApiProblemException.BadField(field, $"{ApiEcho.Quote(text)} is not an ISO 8601 time.");
}

/// <param name="Total">How many entries matched; <see cref="Entries"/> holds the newest of them, up to the limit.</param>
internal sealed record LogView(int Total, IReadOnlyList<AuditEntry> Entries);
