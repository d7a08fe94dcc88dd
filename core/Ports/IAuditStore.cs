using Karma.Core.Lifecycle;

namespace Karma.Core.Ports;

/// <summary>
/// Where the audit trail lives: a file on one host, or a store every host shares (DynamoDB, S3). Append-only: an
/// entry is never changed or removed. Idempotent on <see cref="AuditEntry.Id"/>: appending an id that is stored
/// already (an activity retried after a crash) stores nothing and returns false. Reads return the entries that
/// match the query, ordered by time (then id), the filtering done by the store.
/// </summary>
public interface IAuditStore
{
    /// <summary>Where entries go, for messages ("file /x/audit.jsonl", "DynamoDB table t", "s3://b/p").</summary>
    string Description { get; }

    Task<bool> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken);
}

/// <summary>The filters of <c>karma log</c> and <c>GET /log</c>; null means any. The time window includes both ends.</summary>
public sealed record AuditQuery(
    string? Component = null,
    string? Action = null,
    string? User = null,
    string? ChangeId = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null)
{
    public static AuditQuery All { get; } = new();

    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Component is null || entry.Component == Component)
            && (Action is null || entry.Action == Action)
            && (User is null || entry.User == User)
            && (ChangeId is null || entry.ChangeId == ChangeId)
            && (Since is null || entry.Timestamp >= Since)
            && (Until is null || entry.Timestamp <= Until);
    }

    /// <summary>Time order, ties broken by id, so every store returns the same sequence.</summary>
    public static IReadOnlyList<AuditEntry> InOrder(IEnumerable<AuditEntry> entries) =>
        [.. entries.OrderBy(e => e.Timestamp).ThenBy(e => e.Id, StringComparer.Ordinal)];
}
