using System.Collections.Concurrent;
using Karma.Activities.Lifecycle;
using Karma.Activities.Terraform;
using Karma.Workflows.Hosting;
using Karma.Workflows.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace Karma.Workflows.Tests.Hosting;

/// <summary>
/// A terraform step that failed for good is logged once with its stack. Karma's code does not log activity failures;
/// the SDK's worker logs each failed attempt (with its exception) and the core's forwarded lines add none, so a
/// permanent failure retried by the activity's retry policy was logged, with its stack, once per attempt.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class ActivityFailureLoggingTests(TemporalServerFixture temporal)
{
    [Fact]
    public async Task A_permanent_terraform_failure_is_attempted_and_logged_once_with_its_stack()
    {
        var entries = new ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Error)>();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new CapturingProvider(entries)));
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(temporal.Address)
        {
            LoggerFactory = loggers,
            Runtime = TemporalSdkLogging.CreateRuntime(loggers),
        });
        var queue = $"failing-{Guid.NewGuid():N}";
        var activities = new FailingTerraform();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue) { LoggerFactory = loggers }
            .AddWorkflow<CallsFailingTerraform>()
            .AddAllActivities(activities));

        var failure = await worker.ExecuteAsync(
            async () =>
            {
                var handle = await client.StartWorkflowAsync((CallsFailingTerraform wf) => wf.RunAsync(), new($"wf-{queue}", queue));
                return await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(1, activities.Attempts);
        var cause = Assert.IsType<ApplicationFailureException>(Assert.IsType<ActivityFailureException>(failure.InnerException).InnerException);
        Assert.Equal((nameof(TerraformApplyException), true), (cause.ErrorType, cause.NonRetryable));
        Assert.Contains("Error: creating bucket", cause.Message, StringComparison.Ordinal);
        var withStack = entries.Where(e => e.Error is not null || e.Message.Contains("   at ", StringComparison.Ordinal)).ToList();
        Assert.True(withStack.Count == 1, string.Join("\n----\n", entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Error}")));
    }

    [Workflow]
    public sealed class CallsFailingTerraform
    {
        // Retried like Karma's terraform activities (LifecycleActivityOptions.Terraform), only faster.
        private readonly ActivityOptions _retried = new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(30),
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(50), MaximumAttempts = 4, BackoffCoefficient = 1 },
        };

        [WorkflowRun]
        public Task RunAsync() => Workflow.ExecuteActivityAsync((FailingTerraform t) => t.ApplyAsync(), _retried);
    }

    public sealed class FailingTerraform
    {
        private int _attempts;

        public int Attempts => _attempts;

        [Activity]
        public Task<string> ApplyAsync() => PermanentTerraformFailures.FailForGoodAsync<string>(() =>
        {
            Interlocked.Increment(ref _attempts);
            throw new TerraformApplyException(1, ["Error: creating bucket: BucketAlreadyExists"], isTransient: false);
        });
    }

    private sealed class CapturingProvider(ConcurrentQueue<(LogLevel, string, string, Exception?)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(entries, categoryName);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<(LogLevel, string, string, Exception?)> entries, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, category, formatter(state, exception), exception));
        }
    }
}
