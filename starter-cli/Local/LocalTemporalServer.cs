using System.Diagnostics;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Local;

/// <summary>
/// Local mode's Temporal: one background <c>karma dev-server</c> per KARMA_HOME, persisted in SQLite there.
/// The first karma process that needs it starts it (under an exclusive start lock); every other process,
/// concurrent or later, finds it through <see cref="DevServerState"/> and connects. It outlives the command
/// that started it, so a change proposed in one process can be approved in another a day later; after a
/// reboot the next command starts it again on the same database and the workflows resume.
/// </summary>
public static class LocalTemporalServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<string> EnsureAsync(string home, CliConsole console, CancellationToken cancellationToken)
    {
        if (DevServerState.Read(home) is { } running && await running.IsAliveAsync(cancellationToken))
        {
            return running.Address;
        }

        Directory.CreateDirectory(DevServerState.Folder(home));
        using var startLock = await AcquireStartLockAsync(home, cancellationToken);

        // Another process may have started it while this one waited for the lock.
        if (DevServerState.Read(home) is { } started && await started.IsAliveAsync(cancellationToken))
        {
            return started.Address;
        }

        console.Info($"starting the local Temporal dev server (database {DevServerState.DatabasePath(home)})");
        var log = Path.Combine(DevServerState.Folder(home), "server.log");
        Spawn(home, log);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            if (DevServerState.Read(home) is { } ready && await ready.IsAliveAsync(cancellationToken))
            {
                return ready.Address;
            }
        }

        throw CliException.Backend($"the local Temporal dev server did not start within {StartTimeout.TotalSeconds:F0} s; see {log}.");
    }

    /// <summary>Stops the background server of this home, if one runs. Returns whether one was stopped.</summary>
    public static async Task<bool> StopAsync(string home, CancellationToken cancellationToken)
    {
        if (DevServerState.Read(home) is not { } state)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(state.Pid);
            process.Kill();
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (ArgumentException)
        {
            // Already gone (e.g. after a reboot): only the stale state file remains.
        }

        DevServerState.Delete(home, state.Pid);
        return true;
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

    /// <summary>
    /// Starts <c>karma dev-server</c> detached: its own session (so Ctrl+C here does not stop it) and its output in a
    /// log file (so it holds none of this process's pipes open).
    /// </summary>
    private static void Spawn(string home, string log)
    {
        var self = KarmaExecutable.Command();
        var command = string.Join(' ', self.Concat(["dev-server", "--port", "0", "--db", DevServerState.DatabasePath(home), "--state-home", home]).Select(Quote));
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"setsid {command} >> {Quote(log)} 2>&1 < /dev/null &");
        start.Environment["KARMA_HOME"] = home;
        using var shell = Process.Start(start) ?? throw CliException.Backend("could not start /bin/sh to launch the local Temporal dev server.");
        shell.WaitForExit();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
