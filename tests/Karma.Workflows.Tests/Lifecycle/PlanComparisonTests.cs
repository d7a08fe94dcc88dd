using Karma.Core.Lifecycle;

namespace Karma.Workflows.Tests.Lifecycle;

public sealed class PlanComparisonTests
{
    private static readonly PlanDigest Approved = new("p1", "sha", 2, 0, 0, ["a|create|1", "b|create|2"], [], ["out"], []);

    [Fact]
    public void Same_changes_in_a_new_plan_file_are_the_same_plan()
    {
        Assert.Equal(PlanFreshness.Same, PlanComparison.Compare(Approved, Approved with { PlanRef = "p2" }));
    }

    [Fact]
    public void Part_of_the_approved_changes_is_the_remainder_after_a_crash()
    {
        var fresh = Approved with { Add = 1, ResourceChanges = ["b|create|2"], OutputChanges = [] };

        Assert.Equal(PlanFreshness.RemainderOfApproved, PlanComparison.Compare(Approved, fresh));
    }

    [Fact]
    public void Nothing_left_to_do_is_the_remainder_of_a_completed_apply()
    {
        var fresh = Approved with { Add = 0, ResourceChanges = [], OutputChanges = [] };

        Assert.False(fresh.HasChanges);
        Assert.Equal(PlanFreshness.RemainderOfApproved, PlanComparison.Compare(Approved, fresh));
    }

    [Fact]
    public void A_change_nobody_approved_makes_the_plan_stale()
    {
        var fresh = Approved with { ResourceChanges = ["a|create|1", "b|create|CHANGED-UPSTREAM"] };

        Assert.Equal(PlanFreshness.Stale, PlanComparison.Compare(Approved, fresh));
    }
}
