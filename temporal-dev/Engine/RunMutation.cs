using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>
/// One atomic change to a run, made under the run's lock: events appended and state changed here are persisted
/// together in one SQLite transaction by <see cref="RunRepository.Mutate{T}"/>; side effects (dispatching
/// tasks, arming timers) run only after that commit; effects on other runs run after the lock is released.
/// </summary>
internal sealed class RunMutation(WorkflowRun run)
{
    private readonly List<Action> afterCommit = [];
    private readonly List<Action> afterUnlock = [];

    public WorkflowRun Run { get; } = run;

    public MutableState State => Run.State;

    public HistoryLog History => Run.History;

    public bool MakeCurrent { get; set; }

    public bool SearchAttributesChanged { get; set; }

    /// <summary>Nothing to persist (e.g. a stale timer found nothing to do).</summary>
    public bool Skip { get; set; }

    public IReadOnlyList<Action> AfterCommitActions => afterCommit;

    public IReadOnlyList<Action> AfterUnlockActions => afterUnlock;

    public HistoryEvent Append(EventType type, Action<HistoryEvent> set) => History.Append(type, set);

    public void AfterCommit(Action action) => afterCommit.Add(action);

    public void AfterUnlock(Action action) => afterUnlock.Add(action);
}
