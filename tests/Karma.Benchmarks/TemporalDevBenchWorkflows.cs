using System.Diagnostics.CodeAnalysis;
using Temporalio.Activities;
using Temporalio.Workflows;

namespace Karma.Benchmarks;

/// <summary>Workflows and activities driven by the temporal-dev benches.</summary>
public static class TemporalDevBenchActivities
{
    [Activity]
    public static string Step(string input) => input + "+";
}

/// <summary>The load shape from the target: three activities and one signal.</summary>
[Workflow]
public class BenchThreeStepWorkflow
{
    private bool approved;

    [WorkflowSignal]
    public Task ApproveAsync()
    {
        approved = true;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    public async Task<string> RunAsync(string name)
    {
        var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(60) };
        var a = await Workflow.ExecuteActivityAsync(() => TemporalDevBenchActivities.Step(name), options);
        var b = await Workflow.ExecuteActivityAsync(() => TemporalDevBenchActivities.Step(a), options);
        await Workflow.WaitConditionAsync(() => approved);
        return await Workflow.ExecuteActivityAsync(() => TemporalDevBenchActivities.Step(b), options);
    }
}

/// <summary>Each signal costs one workflow task: grows long histories cheaply.</summary>
[Workflow]
public class BenchSignalCounterWorkflow
{
    private bool stop;

    [WorkflowQuery]
    public int Count { get; private set; }

    [WorkflowSignal]
    public Task IncrementAsync()
    {
        Count++;
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task StopAsync()
    {
        stop = true;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    public async Task<int> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => stop);
        return Count;
    }
}

/// <summary>Never runs (no worker polls its queue): used to fill a database with closed workflows.</summary>
[Workflow]
public class BenchIdleWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public Task RunAsync() => Workflow.DelayAsync(Timeout.InfiniteTimeSpan);
}
