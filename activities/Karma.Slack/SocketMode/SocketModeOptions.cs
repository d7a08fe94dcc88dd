namespace Karma.Slack.SocketMode;

/// <summary>Reconnect pacing for <see cref="SlackSocketModeClient"/>; <see cref="Delay"/> is injectable for tests.</summary>
public sealed record SocketModeOptions
{
    public static SocketModeOptions Default { get; } = new();

    public TimeSpan BaseReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message accepted; Slack's envelopes are far smaller, this only bounds memory.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = static (d, ct) => Task.Delay(d, ct);

    public TimeSpan ReconnectDelayAfter(int consecutiveFailures)
    {
        var factor = Math.Pow(2, Math.Clamp(consecutiveFailures - 1, 0, 16));
        return TimeSpan.FromTicks((long)Math.Min(BaseReconnectDelay.Ticks * factor, MaxReconnectDelay.Ticks));
    }
}
