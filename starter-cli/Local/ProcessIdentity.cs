using System.Diagnostics;
using System.Globalization;

namespace Karma.Cli.Local;

/// <summary>
/// Tells a process apart from a later one that reuses its pid (after a reboot, or once pids wrap): its start time, read
/// where the kernel keeps it, and its command line. A pid alone proves nothing.
/// </summary>
internal static class ProcessIdentity
{
    /// <summary>
    /// An opaque token of when <paramref name="pid"/> started (Linux: clock ticks since boot from /proc; elsewhere the
    /// runtime's start time); null when the process does not exist.
    /// </summary>
    public static string? StartToken(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (File.Exists("/proc/self/stat"))
        {
            try
            {
                // Field 22 is starttime; the command name (field 2) may hold spaces and parentheses, so count from its end.
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                return fields.Length > 19 ? "ticks:" + fields[19] : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return "utc:" + process.StartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The process's arguments where the system shows them (Linux); null when unknown.</summary>
    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
