using System.Collections.Concurrent;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>Queries waiting for a worker's answer (legacy query tasks), by query id.</summary>
internal sealed class QueryRegistry
{
    private readonly ConcurrentDictionary<string, PendingQuery> pending = new(StringComparer.Ordinal);

    public PendingQuery Add(string runId, WorkflowQuery query)
    {
        var q = new PendingQuery(Guid.NewGuid().ToString(), runId, query);
        pending[q.Id] = q;
        return q;
    }

    public PendingQuery? Find(string id) => pending.GetValueOrDefault(id);

    public void Remove(string id) => pending.TryRemove(id, out _);
}

internal sealed record PendingQuery(string Id, string RunId, WorkflowQuery Query)
{
    public TaskCompletionSource<RespondQueryTaskCompletedRequest> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
