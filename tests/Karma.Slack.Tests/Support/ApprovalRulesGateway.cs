using System.Collections.Concurrent;
using Karma.Slack.Interactions;
using Karma.Slack.Messages;

namespace Karma.Slack.Tests.Support;

/// <summary>
/// An in-test implementation of the approval rules the lifecycle enforces (approver list, no
/// self-approval, N approvals, expiry, idempotent repeats), so the handler is exercised against real
/// answers. Records every call it receives.
/// </summary>
public sealed class ApprovalRulesGateway(TimeProvider time) : IApprovalGateway
{
    private readonly ConcurrentDictionary<string, PendingChange> changes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Action, ApprovalDecisionRequest Request)> received = new();

    /// <summary>When set, every call waits for it first (to prove the HTTP ack does not wait for the work).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Calls for a change listed here wait until its task completes (head-of-line tests).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Holds { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, calls throw this (the lifecycle being unreachable).</summary>
    public Exception? Unavailable { get; set; }

    public IReadOnlyList<(string Action, ApprovalDecisionRequest Request)> Received => received.ToList();

    public void Add(ApprovalRequestView view, params string[] approvers) =>
        changes[view.ChangeId] = new PendingChange(view, approvers.ToHashSet(StringComparer.OrdinalIgnoreCase));

    public ApprovalState StateOf(string changeId) => changes[changeId].State();

    public async Task<ApprovalGatewayResult> ApproveAsync(ApprovalDecisionRequest request, CancellationToken cancellationToken)
    {
        received.Enqueue(("approve", request));
        await WaitIfHeldAsync(request, cancellationToken);
        return Decide(request, approve: true);
    }

    public async Task<ApprovalGatewayResult> RejectAsync(ApprovalDecisionRequest request, CancellationToken cancellationToken)
    {
        received.Enqueue(("reject", request));
        await WaitIfHeldAsync(request, cancellationToken);
        return Decide(request, approve: false);
    }

    private async Task WaitIfHeldAsync(ApprovalDecisionRequest request, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Holds.TryGetValue(request.ChangeId, out var hold))
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (Unavailable is { } error)
        {
            throw error;
        }
    }

    private ApprovalGatewayResult Decide(ApprovalDecisionRequest request, bool approve)
    {
        if (!changes.TryGetValue(request.ChangeId, out var change))
        {
            return ApprovalGatewayResult.NotFound();
        }

        lock (change)
        {
            var now = time.GetUtcNow();
            if (change.Outcome is null && now >= change.View.ExpiresAt)
            {
                change.Outcome = new ApprovalOutcome(ApprovalOutcomeKind.Expired, null, change.View.ExpiresAt);
                change.Version++;
            }

            if (change.Outcome is { Kind: ApprovalOutcomeKind.Expired })
            {
                return ApprovalGatewayResult.Expired(change.State());
            }

            if (change.Outcome is not null)
            {
                return ApprovalGatewayResult.AlreadyDecided($"{change.Outcome.Kind.ToString().ToLowerInvariant()} by {change.Outcome.By}", change.State());
            }

            if (string.Equals(request.Approver, change.View.ProposedBy, StringComparison.OrdinalIgnoreCase))
            {
                return ApprovalGatewayResult.Refused("you proposed this change; someone else has to approve it");
            }

            if (!change.Approvers.Contains(request.Approver))
            {
                return ApprovalGatewayResult.Refused($"{request.Approver} is not an approver for {change.View.Environment}");
            }

            if (!approve)
            {
                change.Outcome = new ApprovalOutcome(ApprovalOutcomeKind.Rejected, request.Approver, now, request.Comment);
                change.Version++;
                return ApprovalGatewayResult.Accepted(change.State());
            }

            if (change.Votes.Any(v => string.Equals(v.Approver, request.Approver, StringComparison.OrdinalIgnoreCase)))
            {
                return ApprovalGatewayResult.Accepted(change.State());
            }

            change.Votes.Add(new ApprovalVote(request.Approver, now));
            if (change.Votes.Count >= change.View.ApprovalsRequired)
            {
                change.Outcome = new ApprovalOutcome(ApprovalOutcomeKind.Approved, request.Approver, now);
            }

            change.Version++;
            return ApprovalGatewayResult.Accepted(change.State());
        }
    }

    private sealed class PendingChange(ApprovalRequestView view, HashSet<string> approvers)
    {
        public ApprovalRequestView View { get; } = view;

        public HashSet<string> Approvers { get; } = approvers;

        public List<ApprovalVote> Votes { get; } = [];

        public ApprovalOutcome? Outcome { get; set; }

        public long Version { get; set; } = 1;

        public ApprovalState State() => new(View with { Approvals = Votes.ToList() }, Outcome, Version);
    }
}
