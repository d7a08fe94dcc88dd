using System.Diagnostics.CodeAnalysis;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>Runs one activity with the given retry settings and reports how it ended.</summary>
[Workflow]
public class RetryWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync(RetryScenario scenario)
    {
        var options = new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(10),
            RetryPolicy = new RetryPolicy
            {
                InitialInterval = TimeSpan.FromMilliseconds(scenario.InitialIntervalMs),
                BackoffCoefficient = 2,
                MaximumAttempts = scenario.MaximumAttempts,
                NonRetryableErrorTypes = scenario.NonRetryableTypes,
            },
        };
        try
        {
            return scenario.Kind switch
            {
                "flaky" => $"ok on attempt {await Workflow.ExecuteActivityAsync(() => TestActivities.FlakyUntil(scenario.SucceedOnAttempt), options)}",
                "typed" => await Workflow.ExecuteActivityAsync(() => TestActivities.FailWithType(scenario.ErrorType), options),
                _ => await Workflow.ExecuteActivityAsync(() => TestActivities.FailNonRetryable("permanent"), options),
            };
        }
        catch (ActivityFailureException e)
        {
            return $"failed: retryState={e.RetryState} cause={e.InnerException?.Message}";
        }
    }
}

public sealed record RetryScenario(string Kind, int SucceedOnAttempt = 1, string ErrorType = "", int MaximumAttempts = 0, int InitialIntervalMs = 50)
{
    public IReadOnlyCollection<string> NonRetryableTypes { get; init; } = [];
}

/// <summary>An activity that trips a timeout on its first attempt, then succeeds on a retry.</summary>
[Workflow]
public class TimeoutWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync(string kind)
    {
        var retry = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(50), MaximumAttempts = 3 };
        try
        {
            return kind switch
            {
                "start-to-close" => $"attempt {await Workflow.ExecuteActivityAsync(() => TestActivities.SlowFirstAttempt(5000), new() { StartToCloseTimeout = TimeSpan.FromMilliseconds(500), RetryPolicy = retry })}",
                "heartbeat" => $"resumed at {await Workflow.ExecuteActivityAsync(() => TestActivities.HeartbeatThenStall(5000), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10), HeartbeatTimeout = TimeSpan.FromMilliseconds(600), RetryPolicy = retry })}",
                "schedule-to-close" => $"beats {await Workflow.ExecuteActivityAsync(() => TestActivities.HeartbeatLoop(1000, 100), new() { ScheduleToCloseTimeout = TimeSpan.FromMilliseconds(700), StartToCloseTimeout = TimeSpan.FromSeconds(5), RetryPolicy = retry })}",
                _ => $"attempt {await Workflow.ExecuteActivityAsync(() => TestActivities.SlowFirstAttempt(0), new() { TaskQueue = "queue-without-workers-" + Workflow.Info.WorkflowId, ScheduleToStartTimeout = TimeSpan.FromMilliseconds(300), StartToCloseTimeout = TimeSpan.FromSeconds(5), RetryPolicy = retry })}",
            };
        }
        catch (ActivityFailureException e)
        {
            return $"failed: {(e.InnerException as TimeoutFailureException)?.TimeoutType}";
        }
    }
}

/// <summary>A heartbeating activity that the workflow's cancellation cancels.</summary>
[Workflow]
public class CancellableWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public async Task<string> RunAsync()
    {
        await Workflow.ExecuteActivityAsync(() => TestActivities.HeartbeatLoop(1000, 100), new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(60),
            HeartbeatTimeout = TimeSpan.FromSeconds(2),
            CancellationType = ActivityCancellationType.WaitCancellationCompleted,
        });
        return "not cancelled";
    }
}

/// <summary>Waits for an activity that is completed from outside by its task token.</summary>
[Workflow]
public class AsyncCompletionWorkflow
{
    [WorkflowRun]
    [SuppressMessage("Performance", "CA1822", Justification = "Temporal requires [WorkflowRun] to be an instance method.")]
    public Task<string> RunAsync() =>
        Workflow.ExecuteActivityAsync(() => TestActivities.CompleteExternally(), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
}
