using Karma.Cli.Infrastructure;
using Karma.Workflows.Hosting;
using Temporalio.Client;

namespace Karma.Cli.Local;

/// <summary>
/// What <c>karma dev-server --state-home</c> runs beside the Temporal dev server when it is local mode's background
/// host: the Karma worker (the same composition as <c>karma worker</c> and service mode), published in server.json.
/// </summary>
internal static class BackgroundHost
{
    /// <summary>
    /// Runs the worker beside the server and publishes both in server.json (only then do other commands connect, so they
    /// never find a server without its worker). A configuration that cannot run a worker (say, no Terraform modules yet)
    /// still serves the commands that only read; server.json says why there is no worker. A worker that ends on its own
    /// ends the host, so the next command starts a whole one again instead of finding a server nobody works for.
    /// </summary>
    public static async Task<int> RunAsync(KarmaSession session, string address, string database, string home, CancellationToken cancellationToken)
    {
        var temporal = await LifecycleConnection.ConnectClientAsync(session, TemporalClientFactory.Resolve(session.Configuration), address);
        var (worker, problem) = TryStartWorker(session, temporal);
        await using var running = worker;
        var state = new DevServerState(Environment.ProcessId, address, database)
        {
            StartToken = ProcessIdentity.StartToken(Environment.ProcessId),
            Settings = HostSettings.Of(session.BaseConfiguration()),
            WorkerProblem = problem,
        };
        state.Write(home);
        session.Console.Info(worker is null ? $"no worker: {problem}" : $"worker polling task queue '{session.Options.Temporal.TaskQueue}' at {address}");
        try
        {
            var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
            if (worker is not null && await Task.WhenAny(stopped, worker.Completion) == worker.Completion)
            {
                await worker.Completion;
                throw CliException.Failed("the worker stopped on its own; the next karma command starts the host again.");
            }

            await WaitForStopAsync(stopped);
        }
        finally
        {
            DevServerState.Delete(home, Environment.ProcessId);
        }

        return ExitCodes.Ok;
    }

    private static (LocalWorker? Worker, string? Problem) TryStartWorker(KarmaSession session, ITemporalClient temporal)
    {
        try
        {
            return (LifecycleConnection.StartWorker(session, temporal), null);
        }
        catch (Exception e) when (ErrorClassifier.Classify(e).ExitCode == ExitCodes.Usage)
        {
            return (null, ErrorClassifier.Classify(e).Message);
        }
    }

    public static async Task WaitForStopAsync(Task stopped)
    {
        try
        {
            await stopped;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: a normal stop.
        }
    }
}
