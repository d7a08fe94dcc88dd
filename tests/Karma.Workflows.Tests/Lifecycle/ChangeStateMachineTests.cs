using Karma.Core.Lifecycle;

namespace Karma.Workflows.Tests.Lifecycle;

public sealed class ChangeStateMachineTests
{
    [Fact]
    public void The_happy_path_is_allowed_step_by_step()
    {
        ChangeState[] path =
        [
            ChangeState.Queued, ChangeState.Validating, ChangeState.Analyzing, ChangeState.Planning, ChangeState.AwaitingApproval,
            ChangeState.Publishing, ChangeState.Applying, ChangeState.CapturingRuntime, ChangeState.Verifying,
            ChangeState.WritingGraph, ChangeState.Committing, ChangeState.Applied,
        ];

        var state = path[0];
        foreach (var next in path.Skip(1))
        {
            state = ChangeStateMachine.Move(state, next);
        }

        Assert.Equal(ChangeState.Applied, state);
    }

    [Fact]
    public void Applying_without_approval_is_refused()
    {
        var e = Assert.Throws<InvalidChangeTransitionException>(() => ChangeStateMachine.Move(ChangeState.Planning, ChangeState.Applying));

        Assert.Equal("A change cannot move from planning to applying.", e.Message);
    }

    [Fact]
    public void A_stale_plan_goes_back_to_approval_and_terminal_states_stay_terminal()
    {
        Assert.True(ChangeStateMachine.CanMove(ChangeState.Applying, ChangeState.AwaitingApproval));
        Assert.False(ChangeStateMachine.CanMove(ChangeState.Applied, ChangeState.Failed));
        Assert.False(ChangeStateMachine.CanMove(ChangeState.Expired, ChangeState.Publishing));
    }
}
