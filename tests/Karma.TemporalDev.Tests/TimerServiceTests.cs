using System.Collections.Concurrent;
using Karma.TemporalDev.Timers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.TemporalDev.Tests;

/// <summary>
/// Timer callbacks compare against the wall clock (a run timeout checks "is it due yet?"), so a timer must never
/// call back before the wall clock reaches its deadline. Task.Delay alone does not promise that: it runs on the
/// coarse monotonic clock and can wake a few milliseconds early, which once left a run timeout unfired forever.
/// </summary>
public sealed class TimerServiceTests
{
    [Fact]
    public async Task No_callback_runs_before_the_wall_clock_reaches_its_deadline()
    {
        using var timers = new TimerService(NullLogger<TimerService>.Instance);
        var early = new ConcurrentBag<long>();
        var fired = 0;
        const int count = 400;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < count; i++)
        {
            var due = now + 5 + (i % 40);
            timers.At(due, "test", () =>
            {
                var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                if (at < due)
                {
                    early.Add(due - at);
                }

                Interlocked.Increment(ref fired);
            });
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref fired) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(count, Volatile.Read(ref fired));
        Assert.Empty(early);
    }

    [Fact]
    public async Task A_deadline_already_past_fires_at_once()
    {
        using var timers = new TimerService(NullLogger<TimerService>.Instance);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        timers.At(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_000, "test", () => fired.SetResult());
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
