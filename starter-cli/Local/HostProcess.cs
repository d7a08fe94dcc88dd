using System.Diagnostics;
using System.Globalization;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Local;

/// <summary>Starting and stopping local mode's background host as an operating-system process.</summary>
internal static class HostProcess
{
    /// <summary>How long a stopped host may take to let its worker finish (a running terraform gets an interrupt).</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>SIGTERM (the host stops its worker gracefully and removes server.json), then SIGKILL if it does not exit.</summary>
    public static async Task TerminateAsync(int pid, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
            {
                await (kill?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask);
            }

            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(StopTimeout);
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill();
                await process.WaitForExitAsync(cancellationToken);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Starts <c>karma dev-server</c> detached: its own session (so Ctrl+C here does not stop it), its output in a log file
    /// (so it holds none of this process's pipes open), this process's environment and configuration options (so its
    /// worker reads the same configuration). Returns its pid.
    /// </summary>
    public static int Spawn(string home, string log, IReadOnlyList<string> configurationArguments)
    {
        var self = KarmaExecutable.Command();
        var command = string.Join(' ', self.Concat(["dev-server", "--port", "0", "--db", DevServerState.DatabasePath(home), "--state-home", home]).Concat(configurationArguments).Select(Quote));
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"setsid {command} >> {Quote(log)} 2>&1 < /dev/null & echo $!");
        start.Environment["KARMA_HOME"] = home;
        using var shell = Process.Start(start) ?? throw CliException.Backend("could not start /bin/sh to launch the local Temporal dev server.");
        var pid = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        return int.TryParse(pid, out var id) ? id : throw CliException.Backend($"could not launch the local Temporal dev server (the shell said '{pid}').");
    }

    public static string LastLine(string log)
    {
        try
        {
            return File.ReadLines(log).LastOrDefault(line => !string.IsNullOrWhiteSpace(line)) ?? "no output";
        }
        catch (IOException)
        {
            return "no output";
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
