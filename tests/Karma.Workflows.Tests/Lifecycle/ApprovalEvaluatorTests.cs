using Karma.Core.Lifecycle;

namespace Karma.Workflows.Tests.Lifecycle;

public sealed class ApprovalEvaluatorTests
{
    private static readonly PlanDigest Plan = new("p", "sha", 1, 0, 0, ["a.b|create|x"], [], [], []);
    private static readonly PlanDigest DestroyingPlan = new("p", "sha", 0, 0, 1, ["a.b|delete|x"], ["a.b"], [], []);

    [Fact]
    public void Default_policy_accepts_one_approval_from_anyone_but_the_proposer()
    {
        var policy = ApprovalPolicy.Default;

        Assert.True(ApprovalEvaluator.CheckApproval(policy, "alice", new("c1", "bob", ChangeSource.Slack), []).Allowed);
        Assert.True(ApprovalEvaluator.IsSatisfied(policy, Plan, [Approved("bob", Plan)]));
    }

    [Fact]
    public void Self_approval_is_refused_with_a_reason_whatever_the_case()
    {
        var check = ApprovalEvaluator.CheckApproval(ApprovalPolicy.Default, "alice", new("c1", " ALICE ", ChangeSource.Cli), []);

        Assert.False(check.Allowed);
        Assert.Contains("self-approval", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_restricts_identities_and_sources()
    {
        var policy = new ApprovalPolicy(1, ["carol"], [ChangeSource.Slack], ExtraApprovalWhenDestroying: false);

        var wrongUser = ApprovalEvaluator.CheckApproval(policy, "alice", new("c1", "bob", ChangeSource.Slack), []);
        var wrongSource = ApprovalEvaluator.CheckApproval(policy, "alice", new("c1", "carol", ChangeSource.Cli), []);

        Assert.Contains("not an approver", wrongUser.Reason, StringComparison.Ordinal);
        Assert.Contains("not accepted", wrongSource.Reason, StringComparison.Ordinal);
        Assert.True(ApprovalEvaluator.CheckApproval(policy, "alice", new("c1", "carol", ChangeSource.Slack), []).Allowed);
    }

    [Fact]
    public void The_same_person_cannot_approve_twice()
    {
        var check = ApprovalEvaluator.CheckApproval(ApprovalPolicy.Default, "alice", new("c1", "bob", ChangeSource.Cli), [Approved("bob", Plan)]);

        Assert.False(check.Allowed);
    }

    [Fact]
    public void A_destroying_plan_needs_one_extra_approval_when_the_policy_says_so()
    {
        var policy = new ApprovalPolicy(1, [], [ChangeSource.Cli], ExtraApprovalWhenDestroying: true);

        Assert.Equal(2, policy.RequiredFor(DestroyingPlan));
        Assert.Equal(1, policy.RequiredFor(Plan));
        Assert.False(ApprovalEvaluator.IsSatisfied(policy, DestroyingPlan, [Approved("bob", DestroyingPlan)]));
        Assert.True(ApprovalEvaluator.IsSatisfied(policy, DestroyingPlan, [Approved("bob", DestroyingPlan), Approved("carol", DestroyingPlan)]));
    }

    [Fact]
    public void Approvals_of_an_earlier_plan_do_not_count_for_a_new_plan()
    {
        var newPlan = Plan with { ResourceChanges = ["a.b|update|y"] };

        Assert.False(ApprovalEvaluator.IsSatisfied(ApprovalPolicy.Default, newPlan, [Approved("bob", Plan)]));
    }

    [Fact]
    public void The_proposer_may_withdraw_but_others_need_standing_to_reject()
    {
        var policy = new ApprovalPolicy(1, ["carol"], [ChangeSource.Cli], ExtraApprovalWhenDestroying: false);

        Assert.True(ApprovalEvaluator.CheckRejection(policy, "alice", new("c1", "alice", ChangeSource.Slack)).Allowed);
        Assert.False(ApprovalEvaluator.CheckRejection(policy, "alice", new("c1", "bob", ChangeSource.Cli)).Allowed);
    }

    [Fact]
    public void Invalid_policies_are_refused_with_what_is_wrong()
    {
        var e = Assert.Throws<InvalidApprovalPolicyException>(() => new ApprovalPolicy(3, ["a", "b"], [ChangeSource.Cli], false).Validate());

        Assert.Contains("only 2 approvers", e.Message, StringComparison.Ordinal);
    }

    private static RecordedApproval Approved(string user, PlanDigest plan) =>
        new(user, ChangeSource.Cli, DateTimeOffset.UnixEpoch, plan.Fingerprint, null);
}
