using Xunit;

namespace Karma.Testing;

/// <summary>
/// Tests that need an external tool (terraform, python3 with moto, git) call <see cref="Require"/>.
/// Locally a missing tool skips the test with the reason; under CI (CI=true) it fails instead,
/// so a CI run can never go green by silently skipping what it was meant to prove.
/// </summary>
public static class RequiredTool
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (locally) or fails (CI) unless <paramref name="executable"/> is on PATH.</summary>
    public static string Require(string executable, string why)
    {
        var path = FindOnPath(executable);
        if (path is not null)
        {
            return path;
        }

        Unavailable($"'{executable}' is not on PATH; it is needed {why}.");
        return string.Empty;
    }

    /// <summary>Skips (locally) or fails (CI) with <paramref name="reason"/>.</summary>
    public static void Unavailable(string reason)
    {
        if (IsCi)
        {
            Assert.Fail($"Required tool missing under CI=true: {reason}");
        }

        Assert.Skip(reason);
    }

    public static string? FindOnPath(string executable)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return dirs.Select(dir => Path.Combine(dir, executable)).FirstOrDefault(File.Exists);
    }
}
