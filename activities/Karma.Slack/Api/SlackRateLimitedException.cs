namespace Karma.Slack.Api;

/// <summary>Slack kept answering 429, or asked to wait longer than <see cref="SlackRetryPolicy.MaxRetryAfter"/>.</summary>
public sealed class SlackRateLimitedException : SlackApiException
{
    public SlackRateLimitedException(string method, TimeSpan retryAfter)
        : base(method, $"ratelimited (Slack asked to retry after {retryAfter.TotalSeconds:0.#} s)", 429)
    {
        RetryAfter = retryAfter;
    }

    public SlackRateLimitedException()
        : this("unknown", TimeSpan.Zero)
    {
    }

    public SlackRateLimitedException(string message)
        : base(message)
    {
    }

    public SlackRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan RetryAfter { get; }
}
