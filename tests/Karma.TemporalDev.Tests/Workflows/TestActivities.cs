using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Karma.TemporalDev.Tests.Workflows;

/// <summary>Activities whose behaviour depends only on their input and attempt number, so tests can predict it.</summary>
public static class TestActivities
{
    [Activity]
    public static string Greet(string name) => $"Hello, {name}!";

    /// <summary>Fails until attempt <paramref name="succeedOnAttempt"/>, then returns the attempt number.</summary>
    [Activity]
    public static int FlakyUntil(int succeedOnAttempt)
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        return attempt < succeedOnAttempt ? throw new InvalidOperationException($"transient failure on attempt {attempt}") : attempt;
    }

    [Activity]
    public static string FailWithType(string errorType) =>
        throw new ApplicationFailureException($"failure of type {errorType} on attempt {ActivityExecutionContext.Current.Info.Attempt}", errorType);

    [Activity]
    public static string FailNonRetryable(string message) =>
        throw new ApplicationFailureException(message, "Permanent", nonRetryable: true);

    /// <summary>Heartbeats its progress until cancelled (or <paramref name="beats"/> reached), resuming from heartbeat details.</summary>
    [Activity]
    public static async Task<int> HeartbeatLoop(int beats, int intervalMs)
    {
        var ctx = ActivityExecutionContext.Current;
        var start = ctx.Info.HeartbeatDetails.Count > 0 ? await ctx.Info.HeartbeatDetailAtAsync<int>(0) : 0;
        for (var i = start; i < beats; i++)
        {
            ctx.Heartbeat(i);
            await Task.Delay(intervalMs, ctx.CancellationToken);
        }

        return start;
    }

    /// <summary>Attempt 1 heartbeats "5" then stalls without heartbeating; later attempts return the details they resumed from.</summary>
    [Activity]
    public static async Task<int> HeartbeatThenStall(int stallMs)
    {
        var ctx = ActivityExecutionContext.Current;
        if (ctx.Info.Attempt == 1)
        {
            ctx.Heartbeat(5);
            await Task.Delay(stallMs, ctx.CancellationToken);
        }

        return ctx.Info.HeartbeatDetails.Count > 0 ? await ctx.Info.HeartbeatDetailAtAsync<int>(0) : -1;
    }

    /// <summary>Sleeps on attempt 1 (to trip a timeout), answers quickly afterwards.</summary>
    [Activity]
    public static async Task<int> SlowFirstAttempt(int sleepMs)
    {
        var ctx = ActivityExecutionContext.Current;
        if (ctx.Info.Attempt == 1)
        {
            await Task.Delay(sleepMs, ctx.CancellationToken);
        }

        return ctx.Info.Attempt;
    }

    /// <summary>Completes later, from outside, by task token (async completion).</summary>
    [Activity]
    public static string CompleteExternally()
    {
        AsyncTokens.Publish(ActivityExecutionContext.Current.Info.WorkflowId ?? string.Empty, ActivityExecutionContext.Current.Info.TaskToken);
        throw new CompleteAsyncException();
    }
}

/// <summary>Hands task tokens of externally completed activities to the test that waits for them.</summary>
public static class AsyncTokens
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<byte[]>> Tokens = new();

    public static void Publish(string workflowId, byte[] token) => Get(workflowId).TrySetResult(token);

    public static Task<byte[]> WaitAsync(string workflowId) => Get(workflowId).Task;

    private static TaskCompletionSource<byte[]> Get(string workflowId) =>
        Tokens.GetOrAdd(workflowId, _ => new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously));
}
