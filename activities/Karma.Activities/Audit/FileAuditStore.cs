using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Ports;

namespace Karma.Activities.Audit;

/// <summary>The audit trail as JSON lines in one file (<see cref="AuditLog"/>): the default, for one host.</summary>
public sealed class FileAuditStore(AuditLog log) : IAuditStore
{
    public FileAuditStore(string path)
        : this(new AuditLog(path))
    {
    }

    public string Description => $"file {log.Path}";

    public Task<bool> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => log.AppendAsync(entry, cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return AuditQuery.InOrder((await log.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Where(query.Matches));
    }
}
