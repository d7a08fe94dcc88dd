using Karma.TemporalDev.Tests.Workflows;
using Temporalio.Worker;

namespace Karma.TemporalDev.Tests;

/// <summary>Every workflow and activity the tests use, registered the same way on workers and replayers.</summary>
public static class TestWorkflows
{
    public static TemporalWorkerOptions Register(TemporalWorkerOptions options) => options
        .AddWorkflow<GreetingWorkflow>()
        .AddWorkflow<UpdateWorkflow>()
        .AddWorkflow<RetryWorkflow>()
        .AddWorkflow<TimeoutWorkflow>()
        .AddWorkflow<CancellableWorkflow>()
        .AddWorkflow<AsyncCompletionWorkflow>()
        .AddWorkflow<ParentWorkflow>()
        .AddWorkflow<ChildWorkflow>()
        .AddWorkflow<CountingWorkflow>()
        .AddWorkflow<TaggingWorkflow>()
        .AddWorkflow<ThreeStepWorkflow>()
        .AddWorkflow<SignalCounterWorkflow>()
        .AddWorkflow<DurableWorkflow>()
        .AddWorkflow<RetriedWorkflow>()
        .AddWorkflow<ClosePolicyParentWorkflow>()
        .AddWorkflow<CancelledTimerWorkflow>()
        .AddActivity(TestActivities.Greet)
        .AddActivity(TestActivities.FlakyUntil)
        .AddActivity(TestActivities.FailWithType)
        .AddActivity(TestActivities.FailNonRetryable)
        .AddActivity(TestActivities.HeartbeatLoop)
        .AddActivity(TestActivities.SlowFirstAttempt)
        .AddActivity(TestActivities.HeartbeatThenStall)
        .AddActivity(TestActivities.CompleteExternally);

    public static WorkflowReplayerOptions Register(WorkflowReplayerOptions options) => options
        .AddWorkflow<GreetingWorkflow>()
        .AddWorkflow<UpdateWorkflow>()
        .AddWorkflow<RetryWorkflow>()
        .AddWorkflow<TimeoutWorkflow>()
        .AddWorkflow<CancellableWorkflow>()
        .AddWorkflow<AsyncCompletionWorkflow>()
        .AddWorkflow<ParentWorkflow>()
        .AddWorkflow<ChildWorkflow>()
        .AddWorkflow<CountingWorkflow>()
        .AddWorkflow<TaggingWorkflow>()
        .AddWorkflow<ThreeStepWorkflow>()
        .AddWorkflow<SignalCounterWorkflow>()
        .AddWorkflow<DurableWorkflow>()
        .AddWorkflow<RetriedWorkflow>()
        .AddWorkflow<ClosePolicyParentWorkflow>()
        .AddWorkflow<CancelledTimerWorkflow>();
}
