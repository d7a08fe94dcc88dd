using Temporalio.Workflows;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>Activity → timer → waits for a signal; a query reports where it is.</summary>
[Workflow]
public class GreetingWorkflow
{
    private string? signal;

    [WorkflowQuery]
    public string Status { get; private set; } = "started";

    [WorkflowSignal]
    public Task ProceedAsync(string value)
    {
        signal = value;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        Status = "calling-activity";
        var greeting = await Workflow.ExecuteActivityAsync(() => TestActivities.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
        Status = "timer";
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(200));
        Status = "waiting-signal";
        await Workflow.WaitConditionAsync(() => signal is not null);
        Status = "done";
        return $"{greeting} signal={signal}";
    }
}
