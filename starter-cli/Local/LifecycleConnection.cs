using Karma.Activities.Lifecycle;
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
/// (<c>karma worker</c> or service mode). Otherwise it is local mode: it connects to the background host of this
/// KARMA_HOME (<see cref="LocalTemporalServer"/>), which runs the worker too, so a command only talks to it and approved
/// work proceeds after the command ends.
/// </summary>
public sealed class LifecycleConnection : IAsyncDisposable
{
    private readonly LocalWorker? _worker;

    private LifecycleConnection(KarmaSession session, ITemporalClient temporal, string address, bool localMode, LocalWorker? worker = null)
    {
        Client = new KarmaWorkflowClient(temporal, session.Options.Temporal.TaskQueue);
        Address = address;
        IsLocalMode = localMode;
        _worker = worker;
    }

    public KarmaWorkflowClient Client { get; }

    public string Address { get; }

    /// <summary>Connected to this KARMA_HOME's own server and worker (local mode, or the demo's in-process pair).</summary>
    public bool IsLocalMode { get; }

    /// <summary>
    /// Connects for a command that moves work on. In local mode the background host must run its worker with this
    /// command's settings (<see cref="HostSettings"/>): otherwise this is a usage error saying how to restart it.
    /// </summary>
    public static Task<LifecycleConnection> OpenAsync(KarmaSession session, CancellationToken cancellationToken) =>
        ConnectAsync(session, sameSettings: true, cancellationToken);

    /// <summary>Connects for a command that only reads: whatever settings the background host runs with, it answers.</summary>
    public static Task<LifecycleConnection> OpenForReadingAsync(KarmaSession session, CancellationToken cancellationToken) =>
        ConnectAsync(session, sameSettings: false, cancellationToken);

    /// <summary>
    /// <c>karma worker</c>: a worker in this process for the configured Temporal address. Local mode has its worker in the
    /// background host already; a second one here would outlive nothing and poll a server it cannot restart.
    /// </summary>
    public static async Task<LifecycleConnection> OpenWorkerAsync(KarmaSession session, CancellationToken cancellationToken)
    {
        var target = TemporalClientFactory.Resolve(session.Configuration);
        if (!target.IsConfigured)
        {
            throw CliException.Usage(
                "in local mode the background host of KARMA_HOME runs the worker ('karma dev-server stop' restarts it); " +
                "give a Temporal address (--address, TEMPORAL_ADDRESS, a Temporal CLI profile) to run a worker for another server.");
        }

        var temporal = await ConnectClientAsync(session, target, localAddress: null);
        return new LifecycleConnection(session, temporal, target.Options.TargetHost!, localMode: false, StartWorker(session, temporal));
    }

    /// <summary>
    /// Connects to a server this process started itself (the demo), with a worker in this process. Its notifications go
    /// to the log (shown with --verbose), not the console: the console is the follower's, which prints the same steps
    /// in order from the change's timeline, where a notifier line would cut in ahead of the step it reports.
    /// </summary>
    public static LifecycleConnection ForLocalServer(KarmaSession session, ITemporalClient temporal, string address)
    {
        var loggers = CliLogging.Loggers(session.Console);
        var notifier = new LogChangeNotifier(loggers.CreateLogger<LogChangeNotifier>());
        return new(session, temporal, address, localMode: true, StartWorker(session, temporal, notifier, loggers));
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    /// <summary>
    /// The worker a host process runs (the background host, <c>karma worker</c>): the same composition as service
    /// mode's, notifications on this process's console, which no follower shares (the background host's goes to its log).
    /// </summary>
    internal static LocalWorker StartWorker(KarmaSession session, ITemporalClient temporal) =>
        StartWorker(session, temporal, new ConsoleChangeNotifier(session.Console), CliLogging.Loggers(session.Console));

    private static LocalWorker StartWorker(KarmaSession session, ITemporalClient temporal, IChangeNotifier notifier, ILoggerFactory loggers) =>
        LocalWorker.Start(temporal, session.Options, session.Parameters, session.GraphStore, notifier, loggers);

    /// <summary>
    /// Connects to the configured cluster (<paramref name="localAddress"/> null) or to this machine's local server, whose
    /// plaintext loopback never receives a profile's TLS or API key. The SDK's own logs go through <see cref="CliLogging"/>.
    /// </summary>
    internal static async Task<ITemporalClient> ConnectClientAsync(KarmaSession session, TemporalTarget target, string? localAddress)
    {
        var runtime = CliLogging.Runtime(session.Console);
        try
        {
            return localAddress is null
                ? await TemporalClientFactory.ConnectAsync(target, runtime: runtime)
                : await TemporalClientFactory.ConnectLocalAsync(localAddress, target.Namespace, runtime: runtime);
        }
        catch (TemporalConnectionException e)
        {
            throw CliException.Backend(e.Message, e);
        }
    }

    private static async Task<LifecycleConnection> ConnectAsync(KarmaSession session, bool sameSettings, CancellationToken cancellationToken)
    {
        var target = TemporalClientFactory.Resolve(session.Configuration);
        if (target.IsConfigured)
        {
            return new LifecycleConnection(session, await ConnectClientAsync(session, target, localAddress: null), target.Options.TargetHost!, localMode: false);
        }

        var address = await LocalTemporalServer.EnsureAsync(session, sameSettings, cancellationToken);
        return new LifecycleConnection(session, await ConnectClientAsync(session, target, address), address, localMode: true);
    }
}
