namespace Karma.Slack.Api;

/// <summary>
/// How <see cref="SlackClient"/> waits and retries: HTTP 429 honours Retry-After (bounded by
/// <see cref="MaxRetryAfter"/>), 5xx and connection failures back off exponentially. <see cref="Delay"/>
/// is injectable so tests observe the waits instead of sleeping through them.
/// </summary>
public sealed record SlackRetryPolicy
{
    public static SlackRetryPolicy Default { get; } = new();

    /// <summary>Total attempts per call, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Slack asking for a longer pause than this fails the call instead of blocking a worker.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Used when a 429 carries no (parsable) Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (d, ct) => Task.Delay(d, ct);

    /// <summary>Backoff before attempt <paramref name="attempt"/> + 1: base·2^(attempt-1), capped.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 16));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseBackoff.Ticks * factor, MaxBackoff.Ticks));
        return delay;
    }
}
