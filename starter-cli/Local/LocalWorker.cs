using Karma.Activities.Configuration;
using Karma.Activities.Lifecycle;
using Karma.Core.Ports;
using Karma.Workflows.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Cli.Local;

/// <summary>
/// A worker inside a karma process (local mode's background host, <c>karma worker</c>, the demo): the real lifecycle
/// workflows and activities over the configured stores, Git and Terraform. Disposing it stops polling and waits
/// for running activities (a running terraform gets the worker's graceful-shutdown window).
/// </summary>
public sealed class LocalWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private LocalWorker(TemporalWorker worker)
    {
        _running = Task.Run(() => worker.ExecuteAsync(_stop.Token));
    }

    /// <summary>Ends when the worker stops: on <see cref="DisposeAsync"/>, or by itself on a fatal error.</summary>
    public Task Completion => _running;

    public static LocalWorker Start(
        ITemporalClient client, KarmaOptions options, IParameterStore parameters, IGraphStore graph, IChangeNotifier notifier, ILoggerFactory loggers)
    {
        var workerOptions = new TemporalWorkerOptions(options.Temporal.TaskQueue)
        {
            LoggerFactory = loggers,
            GracefulShutdownTimeout = options.Terraform.InterruptGracePeriod,
        }.AddKarmaLifecycle(options, parameters, graph, notifier);
        return new LocalWorker(new TemporalWorker(client, workerOptions));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // The normal end of ExecuteAsync on stop.
        }

        _stop.Dispose();
    }
}
