using Temporalio.Common;
using Temporalio.Workflows;

namespace Karma.Workflows;

/// <summary>Activity options shared by the lifecycle workflows.</summary>
internal static class LifecycleActivityOptions
{
    /// <summary>Parameter Store, graph, audit, notification: quick calls, retried with backoff on transient errors.</summary>
    public static ActivityOptions Quick(ChangeOptions options, string summary, CancellationToken? cancellation = null) => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = new RetryPolicy { InitialInterval = options.RetryInterval, MaximumAttempts = 10, BackoffCoefficient = 2 },
        Summary = summary,
        CancellationToken = cancellation,
    };

    /// <summary>
    /// Terraform: long, heartbeating. A worker that dies mid-apply stops heartbeating and the activity is retried on
    /// another (or the restarted) worker, where it re-plans before touching anything.
    /// </summary>
    public static ActivityOptions Terraform(ChangeOptions options, string summary, CancellationToken? cancellation = null) => new()
    {
        StartToCloseTimeout = options.TerraformTimeout,
        HeartbeatTimeout = options.TerraformHeartbeatTimeout,
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = options.RetryInterval,
            MaximumAttempts = 4,
            BackoffCoefficient = 2,
            NonRetryableErrorTypes = ["TerraformInputException", "PlanFileMismatchException"],
        },
        Summary = summary,
        CancellationToken = cancellation,
    };
}
