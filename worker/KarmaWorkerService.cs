using Karma.Activities.Configuration;
using Karma.Activities.Lifecycle;
using Karma.Core.Ports;
using Karma.Workflows.Hosting;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Worker;

/// <summary>
/// Service mode's lifecycle worker: polls Karma's task queue with the shared composition until the host stops. On
/// shutdown the SDK stops polling and gives running activities (a terraform apply) the grace period
/// <c>Karma:Terraform:InterruptGracePeriod</c> before cancelling them, which interrupts terraform.
/// </summary>
public sealed class KarmaWorkerService(
    ITemporalClient client, KarmaConfiguration configuration, IParameterStore parameters, IGraphStore graph, IChangeNotifier notifier, ILoggerFactory loggers)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = configuration.Options;
        var workerOptions = new TemporalWorkerOptions(options.Temporal.TaskQueue)
        {
            LoggerFactory = loggers,
            GracefulShutdownTimeout = options.Terraform.InterruptGracePeriod,
        }.AddKarmaLifecycle(options, parameters, graph, notifier);
        return new TemporalWorker(client, workerOptions).ExecuteAsync(stoppingToken);
    }
}
