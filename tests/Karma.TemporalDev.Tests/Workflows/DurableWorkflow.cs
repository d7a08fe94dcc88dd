using System.Diagnostics.CodeAnalysis;
using Temporalio.Common;
using Temporalio.Workflows;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>Activity → a timer long enough to crash the server under → activity → signal. Used by recovery tests.</summary>
[Workflow]
public class DurableWorkflow
{
    private string? signal;

    [WorkflowQuery]
    public string Stage { get; private set; } = "started";

    [WorkflowSignal]
    public Task ResumeAsync(string value)
    {
        signal = value;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    public async Task<string> RunAsync(int timerMs)
    {
        var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(2), RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100) } };
        var first = await Workflow.ExecuteActivityAsync(() => TestActivities.Greet("before"), options);
        Stage = "timer";
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(timerMs));
        Stage = "second-activity";
        var second = await Workflow.ExecuteActivityAsync(() => TestActivities.SlowFirstAttempt(10_000), options);
        Stage = "waiting-signal";
        await Workflow.WaitConditionAsync(() => signal is not null);
        return $"{first} | attempt {second} | {signal}";
    }
}
