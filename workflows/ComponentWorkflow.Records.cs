using Karma.Core.Lifecycle;
using Karma.Core.Model;

namespace Karma.Workflows;

/// <summary>A proposal sent to a component's queue.</summary>
public sealed record ProposeChange(ChangeRequest Request, ChangeOptions Options);

public sealed record QueuedChange(ChangeRequest Request, ChangeOptions Options, DateTime EnqueuedAt);

/// <param name="Pending">Changes carried over a continue-as-new, in FIFO order.</param>
/// <param name="Recent">The last few finished changes, carried over so the queue query keeps some history.</param>
/// <param name="ContinueAsNewAfter">Changes run per workflow run before continuing as new (keeps history small).</param>
/// <param name="IdleTimeout">An idle queue ends after this long; the next proposal starts it again (signal-with-start).</param>
public sealed record ComponentWorkflowInput(
    string Environment,
    ComponentId Component,
    IReadOnlyList<QueuedChange>? Pending = null,
    IReadOnlyList<ChangeResult>? Recent = null,
    int ContinueAsNewAfter = 100,
    TimeSpan? IdleTimeout = null);

/// <summary>Where a proposal stands in its component's queue.</summary>
/// <param name="Position">0 = running now; 1 = next; …</param>
public sealed record EnqueuedChange(string ChangeId, string ChangeWorkflowId, int Position);

public sealed record QueueEntry(string ChangeId, string RequestedBy, string Reason, DateTime EnqueuedAt, int Position);

public sealed record ComponentQueueView(
    string Component,
    string Environment,
    QueueEntry? Running,
    IReadOnlyList<QueueEntry> Queued,
    IReadOnlyList<ChangeResult> Recent);
