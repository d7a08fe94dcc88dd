using Temporalio.Workflows;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>
/// Waits for a signal with an hour's timeout: the SDK starts a timer for the timeout and cancels it when the
/// condition is met first, so a signal produces TimerStarted then TimerCanceled.
/// </summary>
[Workflow]
public class CancelledTimerWorkflow
{
    private bool stop;

    [WorkflowSignal]
    public Task StopAsync()
    {
        stop = true;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    public async Task<string> RunAsync() =>
        await Workflow.WaitConditionAsync(() => stop, TimeSpan.FromHours(1)) ? "timer canceled" : "timer fired";
}
