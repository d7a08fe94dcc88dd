namespace Karma.Core.Lifecycle;

/// <summary>A refused vote carries the reason shown to the person who sent it.</summary>
public sealed record ApprovalCheck(bool Allowed, string? Reason)
{
    public static ApprovalCheck Ok { get; } = new(true, null);

    public static ApprovalCheck Refuse(string reason) => new(false, reason);
}

/// <summary>Applies an <see cref="ApprovalPolicy"/> to votes. Pure: the workflow's update validators call it.</summary>
public static class ApprovalEvaluator
{
    /// <summary>Whether <paramref name="vote"/> may approve the current plan; refusals leave no trace in the change.</summary>
    public static ApprovalCheck CheckApproval(
        ApprovalPolicy policy, string proposer, ApprovalVote vote, IEnumerable<RecordedApproval> alreadyApproved)
    {
        var basic = CheckVoter(policy, proposer, vote, "approve");
        if (!basic.Allowed)
        {
            return basic;
        }

        return alreadyApproved.Any(a => SameUser(a.User, vote.User))
            ? ApprovalCheck.Refuse($"{vote.User} has already approved this plan; approvals must come from distinct people.")
            : ApprovalCheck.Ok;
    }

    /// <summary>Rejecting needs the same standing as approving, except that proposers may withdraw their own change.</summary>
    public static ApprovalCheck CheckRejection(ApprovalPolicy policy, string proposer, ApprovalVote vote) =>
        SameUser(proposer, vote.User) ? ApprovalCheck.Ok : CheckVoter(policy, proposer, vote, "reject");

    public static bool IsSatisfied(ApprovalPolicy policy, PlanDigest plan, IEnumerable<RecordedApproval> approvals) =>
        approvals.Where(a => a.PlanFingerprint == plan.Fingerprint)
            .Select(a => a.User.ToLowerInvariant()).Distinct().Count() >= policy.RequiredFor(plan);

    private static ApprovalCheck CheckVoter(ApprovalPolicy policy, string proposer, ApprovalVote vote, string verb)
    {
        if (string.IsNullOrWhiteSpace(vote.User))
        {
            return ApprovalCheck.Refuse($"an identity is required to {verb} a change.");
        }

        if (verb == "approve" && SameUser(proposer, vote.User))
        {
            return ApprovalCheck.Refuse($"{vote.User} proposed this change and cannot approve it (no self-approval).");
        }

        if (!policy.AllowedSources.Contains(vote.Source))
        {
            var allowed = string.Join(", ", policy.AllowedSources.Select(s => s.ToWire()));
            return ApprovalCheck.Refuse($"approvals from {vote.Source.ToWire()} are not accepted here (allowed: {allowed}).");
        }

        if (policy.Approvers.Count > 0 && !policy.Approvers.Any(a => SameUser(a, vote.User)))
        {
            return ApprovalCheck.Refuse($"{vote.User} is not an approver for this environment.");
        }

        return ApprovalCheck.Ok;
    }

    private static bool SameUser(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
