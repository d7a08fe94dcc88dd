namespace Karma.Core.Lifecycle;

/// <summary>
/// The allowed moves between <see cref="ChangeState"/>s. The workflow asks it before every step so that an
/// ordering mistake (e.g. applying before approval) fails loudly instead of doing damage.
/// </summary>
public static class ChangeStateMachine
{
    private static readonly Dictionary<ChangeState, ChangeState[]> Next = new()
    {
        [ChangeState.Queued] = [ChangeState.Validating],
        [ChangeState.Validating] = [ChangeState.Analyzing, ChangeState.Invalid, ChangeState.NoChanges],
        [ChangeState.Analyzing] = [ChangeState.Planning, ChangeState.Invalid],
        // A dry run stops after its plan; a deploy whose plan is empty has nothing to do.
        [ChangeState.Planning] = [ChangeState.AwaitingApproval, ChangeState.Invalid, ChangeState.Planned, ChangeState.NoChanges],
        [ChangeState.AwaitingApproval] = [ChangeState.Publishing, ChangeState.Rejected, ChangeState.Expired],
        [ChangeState.Publishing] = [ChangeState.Applying],

        // A stale plan goes back to approval; never straight to apply.
        [ChangeState.Applying] = [ChangeState.CapturingRuntime, ChangeState.AwaitingApproval],
        [ChangeState.CapturingRuntime] = [ChangeState.Verifying],
        [ChangeState.Verifying] = [ChangeState.WritingGraph, ChangeState.RollingBack],
        [ChangeState.RollingBack] = [ChangeState.RolledBack],
        [ChangeState.WritingGraph] = [ChangeState.Committing],
        [ChangeState.Committing] = [ChangeState.Applied],
    };

    public static bool CanMove(ChangeState from, ChangeState to)
    {
        if (from.IsTerminal())
        {
            return false;
        }

        // Any running change may fail or be cancelled.
        if (to is ChangeState.Failed or ChangeState.Cancelled)
        {
            return true;
        }

        return Next.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;
    }

    public static ChangeState Move(ChangeState from, ChangeState to) =>
        CanMove(from, to) ? to : throw new InvalidChangeTransitionException(from, to);
}

public sealed class InvalidChangeTransitionException(ChangeState from, ChangeState to)
    : InvalidOperationException($"A change cannot move from {from.ToWire()} to {to.ToWire()}.")
{
    public ChangeState From { get; } = from;

    public ChangeState To { get; } = to;
}
