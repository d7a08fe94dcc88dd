using Karma.Cli.Infrastructure;
using Karma.Workflows;
using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Karma.Cli.Local;

/// <summary>
/// A CLI invocation's link to the lifecycle workflows. With a Temporal address configured (--address,
/// TEMPORAL_ADDRESS, Karma:Temporal:Address) it connects there and expects workers to run elsewhere
/// (<c>karma worker</c> or service mode). Otherwise it is local mode: the background dev server of this
/// KARMA_HOME plus a worker inside this process for as long as the command runs.
/// </summary>
public sealed class LifecycleConnection : IAsyncDisposable
{
    private readonly LocalWorker? _worker;

    private LifecycleConnection(KarmaWorkflowClient client, string address, LocalWorker? worker)
    {
        Client = client;
        Address = address;
        _worker = worker;
    }

    public KarmaWorkflowClient Client { get; }

    public string Address { get; }

    /// <summary>Whether this process hosts the worker that moves changes on.</summary>
    public bool IsLocal => _worker is not null;

    public static async Task<LifecycleConnection> OpenAsync(KarmaSession session, CancellationToken cancellationToken, bool forceWorker = false)
    {
        var options = session.Options;
        var explicitAddress = session.Configuration.SourceOf("Karma:Temporal:Address") != "built-in default";
        var address = explicitAddress
            ? options.Temporal.Address
            : await LocalTemporalServer.EnsureAsync(options.Home, session.Console, cancellationToken);
        ITemporalClient temporal;
        try
        {
            temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address) { Namespace = options.Temporal.Namespace });
        }
        catch (Exception e) when (e is InvalidOperationException or Temporalio.Exceptions.RpcException or IOException)
        {
            throw CliException.Backend($"cannot reach Temporal at {address} (namespace {options.Temporal.Namespace}): {e.Message}", e);
        }

        var worker = explicitAddress && !forceWorker
            ? null
            : LocalWorker.Start(temporal, options, session.Parameters, session.GraphStore, new ConsoleChangeNotifier(session.Console), LoggerFactoryFor(session.Console));
        return new LifecycleConnection(new KarmaWorkflowClient(temporal, options.Temporal.TaskQueue), address, worker);
    }

    /// <summary>Connects to a server this process started itself, with an in-process worker.</summary>
    public static LifecycleConnection ForLocalServer(KarmaSession session, ITemporalClient temporal, string address)
    {
        var worker = LocalWorker.Start(temporal, session.Options, session.Parameters, session.GraphStore, new ConsoleChangeNotifier(session.Console), LoggerFactoryFor(session.Console));
        return new LifecycleConnection(new KarmaWorkflowClient(temporal, session.Options.Temporal.TaskQueue), address, worker);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    private static ILoggerFactory LoggerFactoryFor(CliConsole console) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(console.Verbose ? LogLevel.Information : LogLevel.Error).AddProvider(new StderrLoggerProvider(console)));
}
