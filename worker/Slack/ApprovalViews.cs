using Karma.Core.Lifecycle;
using Karma.Slack.Messages;
using Karma.Workflows;
using SlackVote = Karma.Slack.Messages.ApprovalVote;

namespace Karma.Worker.Slack;

/// <summary>
/// Turns a change's status (the workflow's query) into what Slack shows: the request view and, later, its state.
/// Pure, so the notifier and the approval gateway render a change the same way.
/// </summary>
public sealed class ApprovalViews(Uri? temporalUi, string temporalNamespace)
{
    public ApprovalRequestView Request(SlackChangeReference change, ChangeStatus status, ChangeContext context)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(context);
        var plan = status.Plan;
        return new ApprovalRequestView(
            status.ChangeId,
            status.Component,
            status.Environment,
            status.RequestedBy,
            status.Reason,
            context.ConfigDiff,
            context.Downstream,
            context.Waves,
            plan is null
                ? new PlanSummaryView(0, 0, 0, 0, [])
                : new PlanSummaryView(plan.Add, plan.Change, 0, plan.Destroy, plan.Destroys, context.PlanText),
            status.RequiredApprovals,
            Votes(status),
            ExpiresAt(status),
            RunUrl(change),
            $"karma status {status.ChangeId}")
        {
            ActionValue = change.Value,
        };
    }

    /// <summary>
    /// The request as it stands now. The version is the length of the change's timeline, which grows with every
    /// vote and state change, so a slower update never shows an older state over a newer one.
    /// </summary>
    public static ApprovalState State(ApprovalRequestView view, ChangeStatus status)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(status);
        var current = view with { Approvals = Votes(status), ApprovalsRequired = status.RequiredApprovals };
        return new ApprovalState(current, Outcome(status), status.Timeline.Count);
    }

    /// <summary>How the request ended, or null while it is still open.</summary>
    public static ApprovalOutcome? Outcome(ChangeStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var last = status.Timeline.Count == 0 ? DateTimeOffset.MinValue : new DateTimeOffset(DateTime.SpecifyKind(status.Timeline[^1].At, DateTimeKind.Utc));
        var approved = status.Approvals.Count > 0 && status.Approvals.Count >= status.RequiredApprovals;
        switch (status.State)
        {
            // Enough approvals while the workflow has not moved on yet: it will, so show the decision already.
            case ChangeState.AwaitingApproval when !approved:
            case ChangeState.Queued or ChangeState.Validating or ChangeState.Analyzing or ChangeState.Planning:
                return null;
            case ChangeState.Rejected:
                var (by, why) = Rejection(status);
                return new ApprovalOutcome(ApprovalOutcomeKind.Rejected, by, last, why);
            case ChangeState.Expired:
                return new ApprovalOutcome(ApprovalOutcomeKind.Expired, null, ExpiresAt(status));
        }

        if (approved)
        {
            var final = status.Approvals[^1];
            return new ApprovalOutcome(ApprovalOutcomeKind.Approved, string.Join(", ", status.Approvals.Select(a => a.User)), final.At);
        }

        // Ended without a decision: cancelled, or failed before anyone approved.
        return new ApprovalOutcome(ApprovalOutcomeKind.Cancelled, null, last, status.Timeline.Count == 0 ? null : status.Timeline[^1].Note);
    }

    private static List<SlackVote> Votes(ChangeStatus status) =>
        status.Approvals.Select(a => new SlackVote(a.User, a.At)).ToList();

    private static DateTimeOffset ExpiresAt(ChangeStatus status) =>
        status.ApprovalDeadline is { } deadline ? new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc)) : DateTimeOffset.MaxValue;

    /// <summary>
    /// Who rejected and why, from the workflow's final note (<c>rejected by &lt;user&gt;[: &lt;comment&gt;]</c>):
    /// the status query has no field for it.
    /// </summary>
    private static (string? By, string? Why) Rejection(ChangeStatus status)
    {
        const string prefix = "rejected by ";
        var note = status.Timeline.LastOrDefault(t => t.State == ChangeState.Rejected)?.Note ?? status.Result?.Reason;
        if (note is null || !note.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (null, note);
        }

        var rest = note[prefix.Length..];
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? (rest, null) : (rest[..colon], rest[(colon + 2)..]);
    }

    private Uri? RunUrl(SlackChangeReference change) =>
        temporalUi is null
            ? null
            : new Uri(temporalUi, $"namespaces/{Uri.EscapeDataString(temporalNamespace)}/workflows/{Uri.EscapeDataString(change.Value)}");
}
