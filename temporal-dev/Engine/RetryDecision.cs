using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Karma.TemporalDev.Engine;

/// <summary>Temporal's server-side retry rules for activities (and the defaults it fills in).</summary>
internal static class RetryDecision
{
    public static RetryPolicy WithDefaults(RetryPolicy? policy)
    {
        var p = policy?.Clone() ?? new RetryPolicy();
        if (!Clock.IsSet(p.InitialInterval))
        {
            p.InitialInterval = Clock.Seconds(1);
        }

        if (p.BackoffCoefficient < 1)
        {
            p.BackoffCoefficient = 2;
        }

        if (!Clock.IsSet(p.MaximumInterval))
        {
            p.MaximumInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(p.InitialInterval.ToTimeSpan() * 100);
        }

        return p;
    }

    /// <summary>Null delay = do not retry, with the reason in the returned state.</summary>
    public static (long? DelayMs, RetryState State) Decide(RetryPolicy policy, int attempt, Failure failure, long? scheduleToCloseDeadlineMs)
    {
        var app = failure.ApplicationFailureInfo;
        if (app is not null && (app.NonRetryable || policy.NonRetryableErrorTypes.Contains(app.Type)))
        {
            return (null, RetryState.NonRetryableFailure);
        }

        if (failure.TimeoutFailureInfo is { } timeout && policy.NonRetryableErrorTypes.Contains("TemporalTimeout:" + timeout.TimeoutType.ToString()))
        {
            return (null, RetryState.NonRetryableFailure);
        }

        if (policy.MaximumAttempts > 0 && attempt >= policy.MaximumAttempts)
        {
            return (null, RetryState.MaximumAttemptsReached);
        }

        long delayMs;
        if (app?.NextRetryDelay is { } requested && Clock.IsSet(requested))
        {
            delayMs = Clock.ToMs(requested);
        }
        else
        {
            var backoff = Clock.ToMs(policy.InitialInterval) * Math.Pow(policy.BackoffCoefficient, attempt - 1);
            delayMs = (long)Math.Min(backoff, Clock.ToMs(policy.MaximumInterval));
        }

        if (scheduleToCloseDeadlineMs is { } deadline && Clock.NowMs + delayMs >= deadline)
        {
            return (null, RetryState.Timeout);
        }

        return (delayMs, RetryState.InProgress);
    }
}
