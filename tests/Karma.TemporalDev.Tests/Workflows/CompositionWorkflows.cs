using System.Diagnostics.CodeAnalysis;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>Starts a child and returns its result; "fail" makes the child fail, "wait" a child that waits for a signal.</summary>
[Workflow]
public class ParentWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync(string mode)
    {
        var options = new ChildWorkflowOptions { Id = Workflow.Info.WorkflowId + "-child", ParentClosePolicy = ParentClosePolicy.Terminate };
        if (mode == "wait")
        {
            var handle = await Workflow.StartChildWorkflowAsync((ChildWorkflow c) => c.RunAsync("wait"), options);
            await Workflow.DelayAsync(TimeSpan.FromMinutes(10));
            return await handle.GetResultAsync();
        }

        try
        {
            return "child said: " + await Workflow.ExecuteChildWorkflowAsync((ChildWorkflow c) => c.RunAsync(mode), options);
        }
        catch (ChildWorkflowFailureException e)
        {
            return "child failed: " + e.InnerException?.Message;
        }
    }
}

[Workflow]
public class ChildWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync(string mode)
    {
        if (mode == "fail")
        {
            throw new ApplicationFailureException("child gives up", nonRetryable: true);
        }

        if (mode == "wait")
        {
            await Workflow.DelayAsync(TimeSpan.FromMinutes(10));
        }

        return await Workflow.ExecuteActivityAsync(() => TestActivities.Greet("child"), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
    }
}

/// <summary>Continues as new until the counter reaches the target.</summary>
[Workflow]
public class CountingWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync(int current, int target)
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        if (current < target)
        {
            throw Workflow.CreateContinueAsNewException((CountingWorkflow w) => w.RunAsync(current + 1, target));
        }

        return $"reached {current} continued={Workflow.Info.ContinuedRunId is not null}";
    }
}

/// <summary>Upserts search attributes and memo, then waits to be told to finish.</summary>
[Workflow]
public class TaggingWorkflow
{
    public static readonly SearchAttributeKey<string> Stage = SearchAttributeKey.CreateKeyword("KarmaStage");
    public static readonly SearchAttributeKey<long> Weight = SearchAttributeKey.CreateLong("KarmaWeight");
    public static readonly SearchAttributeKey<bool> Urgent = SearchAttributeKey.CreateBool("KarmaUrgent");
    public static readonly SearchAttributeKey<DateTimeOffset> Due = SearchAttributeKey.CreateDateTimeOffset("KarmaDue");
    public static readonly SearchAttributeKey<string> Notes = SearchAttributeKey.CreateText("KarmaNotes");

    private bool finish;

    [WorkflowSignal]
    public Task FinishAsync()
    {
        finish = true;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync(string stage)
    {
        Workflow.UpsertTypedSearchAttributes(Stage.ValueSet(stage), Weight.ValueSet(7), Urgent.ValueSet(true));
        Workflow.UpsertMemo(MemoUpdate.ValueSet("owner", "karma"));
        await Workflow.WaitConditionAsync(() => finish);
        return stage;
    }
}

/// <summary>The benchmark shape: three activities and one signal.</summary>
[Workflow]
public class ThreeStepWorkflow
{
    private bool approved;

    [WorkflowSignal]
    public Task ApproveAsync()
    {
        approved = true;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync(string name)
    {
        var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) };
        var a = await Workflow.ExecuteActivityAsync(() => TestActivities.Greet(name + "-1"), options);
        var b = await Workflow.ExecuteActivityAsync(() => TestActivities.Greet(name + "-2"), options);
        await Workflow.WaitConditionAsync(() => approved);
        var c = await Workflow.ExecuteActivityAsync(() => TestActivities.Greet(name + "-3"), options);
        return $"{a}|{b}|{c}";
    }
}

/// <summary>Counts signals until told to stop, so a test can grow a long history cheaply.</summary>
[Workflow]
public class SignalCounterWorkflow
{
    private int count;
    private bool stop;

    [WorkflowSignal]
    public Task IncrementAsync()
    {
        count++;
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task StopAsync()
    {
        stop = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public int Count => count;

    [WorkflowRun]
    public async Task<int> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => stop);
        return count;
    }
}

/// <summary>Fails its first attempt; a workflow retry policy makes the server run it again.</summary>
[Workflow]
public class RetriedWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync()
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        return Workflow.Info.Attempt < 2
            ? throw new ApplicationFailureException("first attempt fails")
            : $"attempt {Workflow.Info.Attempt}";
    }
}
