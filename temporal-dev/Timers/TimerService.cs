using Microsoft.Extensions.Logging;

namespace Karma.TemporalDev.Timers;

/// <summary>
/// In-memory timers. Durability comes from mutable state, not from here: every deadline (user timers,
/// activity timeouts, retry backoffs, run timeouts) is persisted with its run and re-armed on start-up, and
/// every callback re-checks the run's state, so stale or duplicate firings are harmless.
/// </summary>
internal sealed partial class TimerService(ILogger<TimerService> logger) : IDisposable
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(30);
    private readonly CancellationTokenSource stopping = new();

    public void At(long dueMs, string what, Action callback)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Max(0, dueMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        if (delay > MaxDelay)
        {
            // Re-check later: Task.Delay cannot wait this long, and a dev server rarely lives that long anyway.
            _ = Task.Delay(MaxDelay, stopping.Token).ContinueWith(_ => At(dueMs, what, callback), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            return;
        }

        _ = Task.Delay(delay, stopping.Token).ContinueWith(_ => FireWhenDue(dueMs, what, callback), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    /// <summary>
    /// Task.Delay runs on the coarse monotonic clock, so it can wake a few milliseconds before the wall clock
    /// reaches the deadline; callbacks that compare against the wall clock would then see "not yet" and never
    /// run again. An early wake-up re-arms for the remainder instead.
    /// </summary>
    private void FireWhenDue(long dueMs, string what, Action callback)
    {
        if (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < dueMs)
        {
            At(dueMs, what, callback);
            return;
        }

        Fire(what, callback);
    }

    private void Fire(string what, Action callback)
    {
        try
        {
            callback();
        }
#pragma warning disable CA1031 // A failing timer callback must not kill the process; it is logged with its purpose.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTimerFailed(logger, what, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer '{What}' failed")]
    private static partial void LogTimerFailed(ILogger logger, string what, Exception exception);
}
