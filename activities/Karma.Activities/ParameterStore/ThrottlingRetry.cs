namespace Karma.Activities.ParameterStore;

/// <summary>
/// Retries calls that failed because the service throttled them, with exponential backoff and full jitter.
/// Parameter Store shares ~40 TPS across all Get* calls in an account, so a graph build that reads many
/// parameters can be throttled even after the SDK's own (short) retry budget is spent.
/// </summary>
public sealed class ThrottlingRetry
{
    private readonly Func<Exception, bool> _isThrottle;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public ThrottlingRetry(
        Func<Exception, bool> isThrottle,
        int maxAttempts = 8,
        TimeSpan? baseDelay = null,
        TimeSpan? maxDelay = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _isThrottle = isThrottle;
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(200);
        MaxDelay = maxDelay ?? TimeSpan.FromSeconds(10);
        _delay = delay ?? Task.Delay;
    }

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && _isThrottle(ex))
            {
                await _delay(DelayBefore(attempt + 1), cancellationToken);
            }
        }
    }

    /// <summary>Upper bound doubles per attempt up to <see cref="MaxDelay"/>; the actual wait is random below it.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 2));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
