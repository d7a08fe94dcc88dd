using System.Diagnostics;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Local;

/// <summary>
/// Local mode's background host: one <c>karma dev-server --state-home</c> per KARMA_HOME, running the Temporal dev server
/// (persisted in SQLite there) and the Karma worker, so that approved work proceeds while no karma command runs. The
/// first karma process that needs it starts it (under an exclusive start lock); every other process, concurrent or later,
/// finds it through <see cref="DevServerState"/> and connects. It outlives the command that started it, so a change
/// proposed in one process can be approved in another a day later; after a reboot or a crash the next command starts it
/// again on the same database and the workflows resume.
/// </summary>
public static class LocalTemporalServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The address of this home's host, started if none runs. With <paramref name="sameSettings"/> (commands that move
    /// work on), a host whose worker runs with other settings than <paramref name="session"/>'s is a usage error.
    /// </summary>
    public static async Task<string> EnsureAsync(KarmaSession session, bool sameSettings, CancellationToken cancellationToken)
    {
        var home = session.Options.Home;
        if (await RunningAsync(home, session, sameSettings, cancellationToken) is { } running)
        {
            return Checked(running, session, sameSettings).Address;
        }

        Directory.CreateDirectory(DevServerState.Folder(home));
        using var startLock = await AcquireStartLockAsync(home, cancellationToken);

        // Another process may have started it while this one waited for the lock.
        if (await RunningAsync(home, session, sameSettings, cancellationToken) is { } started)
        {
            return Checked(started, session, sameSettings).Address;
        }

        session.Console.Info($"starting the local Temporal dev server and worker (database {DevServerState.DatabasePath(home)})");
        var log = Path.Combine(DevServerState.Folder(home), "server.log");
        var pid = HostProcess.Spawn(home, log, session.HostArguments);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            if (DevServerState.Read(home) is { } ready && await ready.IsAliveAsync(home, cancellationToken))
            {
                return Checked(ready, session, sameSettings).Address;
            }

            if (ProcessIdentity.StartToken(pid) is null)
            {
                throw CliException.Backend($"the local Temporal dev server exited while starting: {HostProcess.LastLine(log)} (see {log}).");
            }
        }

        throw CliException.Backend($"the local Temporal dev server did not start within {StartTimeout.TotalSeconds:F0} s; see {log}.");
    }

    /// <summary>
    /// Stops this home's host if server.json names a process proven to be it (<see cref="DevServerState.IsHostOf"/>); a file
    /// naming any other process is stale: it is removed and that process left alone.
    /// </summary>
    public static async Task<HostStopOutcome> StopAsync(string home, CancellationToken cancellationToken)
    {
        if (DevServerState.Read(home) is not { } state)
        {
            return HostStopOutcome.NotRunning;
        }

        if (!state.IsHostOf(home))
        {
            DevServerState.Delete(home, state.Pid);
            return HostStopOutcome.Stale;
        }

        await HostProcess.TerminateAsync(state.Pid, cancellationToken);
        DevServerState.Delete(home, state.Pid);
        return HostStopOutcome.Stopped;
    }

    /// <summary>This home's host, when one runs that can serve this command; one that cannot and runs no work is replaced.</summary>
    private static async Task<DevServerState?> RunningAsync(string home, KarmaSession session, bool sameSettings, CancellationToken cancellationToken)
    {
        if (DevServerState.Read(home) is not { } state || !await state.IsAliveAsync(home, cancellationToken))
        {
            return null;
        }

        // A host of an older karma (no settings) runs the server without a worker; a host whose configuration could not
        // run one may be able to now. Neither has work in flight: replace it, or approved work would sit still.
        var replace = state.Settings is null
            || (sameSettings && state.WorkerProblem is not null && HostSettings.Differences(state.Settings, HostSettings.Of(session.BaseConfiguration())).Count > 0);
        if (replace)
        {
            await HostProcess.TerminateAsync(state.Pid, cancellationToken);
            DevServerState.Delete(home, state.Pid);
            return null;
        }

        return state;
    }

    private static DevServerState Checked(DevServerState host, KarmaSession session, bool sameSettings)
    {
        if (!sameSettings)
        {
            return host;
        }

        if (host.WorkerProblem is { } problem)
        {
            throw CliException.Usage($"the background host of {session.Options.Home} cannot run the worker: {problem}");
        }

        if (HostSettings.Differences(host.Settings ?? new Dictionary<string, string>(), HostSettings.Of(session.BaseConfiguration())) is { Count: > 0 } differ)
        {
            throw CliException.Usage(
                $"the background host of {session.Options.Home} (pid {host.Pid}) runs its worker with other settings than this command " +
                $"({string.Join(", ", differ)}); run 'karma dev-server stop' first (the next command starts it with this command's settings), " +
                "or use the settings it was started with.");
        }

        return host;
    }

    private static async Task<FileStream> AcquireStartLockAsync(string home, CancellationToken cancellationToken)
    {
        var path = Path.Combine(DevServerState.Folder(home), "start.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }
}

/// <summary>What <c>karma dev-server stop</c> found.</summary>
public enum HostStopOutcome
{
    NotRunning,
    Stopped,

    /// <summary>server.json named a process that is not this home's host (e.g. a pid reused after a reboot); the file was removed.</summary>
    Stale,
}
