using Karma.Cli.Infrastructure;
using Karma.Workflows;
using Temporalio.Client;

namespace Karma.Cli.Local;

/// <summary>
/// A CLI invocation's link to the lifecycle workflows. With a Temporal address configured (--address,
/// TEMPORAL_ADDRESS, Karma:Temporal:Address) it connects there and expects workers to run elsewhere
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
        if (!HasExplicitAddress(session))
        {
            throw CliException.Usage(
                "in local mode the background host of KARMA_HOME runs the worker ('karma dev-server stop' restarts it); " +
                "give a Temporal address (--address, TEMPORAL_ADDRESS) to run a worker for another server.");
        }

        var address = session.Options.Temporal.Address;
        var temporal = await ConnectClientAsync(session, address);
        return new LifecycleConnection(session, temporal, address, localMode: false, StartWorker(session, temporal));
    }

    /// <summary>Connects to a server this process started itself (the demo), with a worker in this process.</summary>
    public static LifecycleConnection ForLocalServer(KarmaSession session, ITemporalClient temporal, string address) =>
        new(session, temporal, address, localMode: true, StartWorker(session, temporal));

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    /// <summary>The worker a host process runs: the same composition as service mode's, notifications on this console.</summary>
    internal static LocalWorker StartWorker(KarmaSession session, ITemporalClient temporal)
    {
        var console = session.Console;
        return LocalWorker.Start(temporal, session.Options, session.Parameters, session.GraphStore, new ConsoleChangeNotifier(console), CliLogging.Loggers(console));
    }

    internal static async Task<ITemporalClient> ConnectClientAsync(KarmaSession session, string address)
    {
        try
        {
            return await TemporalClient.ConnectAsync(CliLogging.ConnectOptions(address, session.Console, session.Options.Temporal.Namespace));
        }
        catch (Exception e) when (e is InvalidOperationException or Temporalio.Exceptions.RpcException or IOException)
        {
            throw CliException.Backend($"cannot reach Temporal at {address} (namespace {session.Options.Temporal.Namespace}): {e.Message}", e);
        }
    }

    private static async Task<LifecycleConnection> ConnectAsync(KarmaSession session, bool sameSettings, CancellationToken cancellationToken)
    {
        var explicitAddress = HasExplicitAddress(session);
        var address = explicitAddress
            ? session.Options.Temporal.Address
            : await LocalTemporalServer.EnsureAsync(session, sameSettings, cancellationToken);
        return new LifecycleConnection(session, await ConnectClientAsync(session, address), address, localMode: !explicitAddress);
    }

    private static bool HasExplicitAddress(KarmaSession session) =>
        session.Configuration.SourceOf("Karma:Temporal:Address") != "built-in default";
}
