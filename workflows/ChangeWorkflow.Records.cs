using Karma.Core.Lifecycle;

namespace Karma.Workflows;

public sealed record ChangeWorkflowInput(ChangeRequest Request, ChangeOptions Options);

/// <summary>One step of a change's timeline, as shown by <c>karma status</c> and the status query.</summary>
public sealed record TimelineEntry(DateTime At, ChangeState State, string? Note);

/// <summary>The plan as reviewers see it: counts, deletions called out, and where the full plan is.</summary>
public sealed record PlanView(string Summary, int Add, int Change, int Destroy, IReadOnlyList<string> Destroys, string Fingerprint, string PlanRef)
{
    public static PlanView From(PlanDigest plan) =>
        new(plan.Summary, plan.Add, plan.Change, plan.Destroy, plan.DestroyedAddresses, plan.Fingerprint, plan.PlanRef);
}

/// <summary>Everything the status query tells about one change.</summary>
/// <param name="QueuePosition">0 when running; 1.. while waiting behind other changes of the same component.</param>
public sealed record ChangeStatus(
    string ChangeId,
    string Component,
    string Environment,
    ChangeState State,
    string RequestedBy,
    string Reason,
    IReadOnlyList<TimelineEntry> Timeline,
    PlanView? Plan,
    IReadOnlyList<RecordedApproval> Approvals,
    int RequiredApprovals,
    DateTime? ApprovalDeadline,
    int QueuePosition,
    IReadOnlyList<string> Warnings,
    ChangeResult? Result,
    ChangeKind Kind = ChangeKind.Change);

/// <summary>What an approve or reject update answers.</summary>
public sealed record ApprovalAnswer(ChangeState State, int Approvals, int RequiredApprovals, string Message);
