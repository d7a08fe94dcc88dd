using System.Diagnostics;
using Karma.Cli;

namespace Karma.Cli.Tests;

/// <summary>The outcome of running the real <c>karma</c> process.</summary>
public sealed record KarmaRun(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>Runs the built <c>karma</c> executable as a separate process, as a user would, with its own KARMA_HOME.</summary>
public sealed class KarmaProcess(string karmaHome, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
{
    private static readonly string KarmaDll = typeof(KarmaApp).Assembly.Location;

    public string KarmaHome { get; } = karmaHome;

    /// <summary>The repository's root (the folder holding Karma.sln), for the examples the specs use.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Karma.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Karma.sln not found above the test folder.");
    }

    public Task<KarmaRun> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, onErrorLine: null, args);

    /// <summary>
    /// Runs karma, calling <paramref name="onErrorLine"/> with each line it writes to stderr as it comes (with the
    /// process, e.g. to kill it at a chosen moment, as a user's Ctrl+\ or a crash would).
    /// </summary>
    public async Task<KarmaRun> RunAsync(string workingDirectory, Action<string, Process>? onErrorLine, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(KarmaDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KARMA_HOME"] = KarmaHome;
        // The user's and the machine's AWS settings must not leak into tests that expect the embedded store.
        foreach (var name in new[] { "AWS_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSM", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "IAC_PREFIX", "TEMPORAL_ADDRESS" })
        {
            start.Environment.Remove(name);
        }

        // Nor may a Temporal CLI profile or TEMPORAL_* variables of the machine point the tests at a real cluster.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TEMPORAL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start karma");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = ReadLinesAsync(process, onErrorLine);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Show what it printed before it hung: that is where to look.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"karma {string.Join(' ', args)} did not finish in time.\n{new KarmaRun(-1, await stdout, await stderr)}");
        }

        return new KarmaRun(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> ReadLinesAsync(Process process, Action<string, Process>? onLine)
    {
        var text = new System.Text.StringBuilder();
        while (await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            text.AppendLine(line);
            onLine?.Invoke(line, process);
        }

        return text.ToString();
    }
}
