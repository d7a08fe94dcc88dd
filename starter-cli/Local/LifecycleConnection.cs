using Karma.Cli.Infrastructure;
using Karma.Workflows;
using Karma.Workflows.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Karma.Cli.Local;

/// <summary>
/// A CLI invocation's link to the lifecycle workflows. With a Temporal address configured (--address,
/// TEMPORAL_ADDRESS, Karma:Temporal:Address, a Temporal CLI profile) it connects there, with the TLS and API key
/// settings of <see cref="TemporalClientFactory"/>, and expects workers to run elsewhere
/// (<c>karma worker</c> or service mode). Otherwise it is local mode: the background dev server of this
/// KARMA_HOME plus a worker inside this process for as long as the command runs — started at once for commands that
/// move changes on, and only on demand (<see cref="EnsureWorker"/>) for commands that read.
/// </summary>
public sealed class LifecycleConnection : IAsyncDisposable
{
    private readonly KarmaSession _session;
    private readonly ITemporalClient _temporal;
    private readonly bool _hostsWorkers;
    private LocalWorker? _worker;

    private LifecycleConnection(KarmaSession session, ITemporalClient temporal, string address, bool hostsWorkers)
    {
        _session = session;
        _temporal = temporal;
        _hostsWorkers = hostsWorkers;
        Client = new KarmaWorkflowClient(temporal, session.Options.Temporal.TaskQueue);
        Address = address;
    }

    public KarmaWorkflowClient Client { get; }

    public string Address { get; }

    /// <summary>Whether this process hosts the worker that moves changes on.</summary>
    public bool IsLocal => _worker is not null;

    /// <summary>Connects and, in local mode (or when <paramref name="forceWorker"/>), starts the in-process worker.</summary>
    public static async Task<LifecycleConnection> OpenAsync(KarmaSession session, CancellationToken cancellationToken, bool forceWorker = false)
    {
        var connection = await ConnectAsync(session, forceWorker, cancellationToken);
        connection.EnsureWorker();
        return connection;
    }

    /// <summary>
    /// Connects without a worker, for commands that only read: a change publishes its status in its memo, which the
    /// server answers alone. Call <see cref="EnsureWorker"/> before anything that needs one (a query).
    /// </summary>
    public static Task<LifecycleConnection> OpenForReadingAsync(KarmaSession session, CancellationToken cancellationToken) =>
        ConnectAsync(session, forceWorker: false, cancellationToken);

    /// <summary>Connects to a server this process started itself, with an in-process worker.</summary>
    public static LifecycleConnection ForLocalServer(KarmaSession session, ITemporalClient temporal, string address)
    {
        var connection = new LifecycleConnection(session, temporal, address, hostsWorkers: true);
        connection.EnsureWorker();
        return connection;
    }

    /// <summary>In local mode, starts the in-process worker unless it runs already; with a remote server, workers run there.</summary>
    public void EnsureWorker()
    {
        if (_hostsWorkers && _worker is null)
        {
            var console = _session.Console;
            _worker = LocalWorker.Start(_temporal, _session.Options, _session.Parameters, _session.GraphStore, new ConsoleChangeNotifier(console), LoggerFactoryFor(console));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    private static async Task<LifecycleConnection> ConnectAsync(KarmaSession session, bool forceWorker, CancellationToken cancellationToken)
    {
        var target = TemporalClientFactory.Resolve(session.Configuration);
        var localAddress = target.IsConfigured ? null : await LocalTemporalServer.EnsureAsync(session.Options.Home, session.Console, cancellationToken);
        ITemporalClient temporal;
        try
        {
            temporal = localAddress is null
                ? await TemporalClientFactory.ConnectAsync(target)
                : await TemporalClientFactory.ConnectLocalAsync(localAddress, target.Namespace);
        }
        catch (TemporalConnectionException e)
        {
            throw CliException.Backend(e.Message, e);
        }

        return new LifecycleConnection(session, temporal, localAddress ?? target.Options.TargetHost!, hostsWorkers: !target.IsConfigured || forceWorker);
    }

    private static ILoggerFactory LoggerFactoryFor(CliConsole console) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(console.Verbose ? LogLevel.Information : LogLevel.Error).AddProvider(new StderrLoggerProvider(console)));
}
