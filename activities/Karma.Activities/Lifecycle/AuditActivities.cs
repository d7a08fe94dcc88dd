using Karma.Core.Lifecycle;
using Karma.Core.Ports;
using Temporalio.Activities;

namespace Karma.Activities.Lifecycle;

/// <summary>Appends to the configured audit store. Idempotent: entries carry a workflow-chosen id and a retried append is a no-op.</summary>
public sealed class AuditActivities(IAuditStore log)
{
    [Activity]
    public async Task<string> AppendAuditAsync(AuditEntry entry)
    {
        await log.AppendAsync(entry, ActivityExecutionContext.Current.CancellationToken);
        return entry.Id;
    }
}
