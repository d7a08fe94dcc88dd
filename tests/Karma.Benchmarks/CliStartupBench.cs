using System.Diagnostics;
using System.Globalization;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using LibGit2Sharp;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench cli-startup [--runs N] [--karma PATH] [--env NAME=VALUE]…</c>: wall time of the built <c>karma</c> executable, run
/// as a user runs it, for <c>karma --help</c> and <c>karma status &lt;id&gt;</c> of a change waiting for approval on a running
/// dev server — in local mode (server found through KARMA_HOME) and with <c>--address</c>. Target: p50 under 300 ms.
/// Publish the CLI first (<c>dotnet publish starter-cli -c Release</c>: precompiled, as installed); <c>--karma</c> measures
/// another build (e.g. <c>starter-cli/bin/Release/net10.0/karma</c>, the JIT-only build output, as a baseline),
/// <c>--env</c> passes runtime knobs (e.g. DOTNET_TieredPGO=0) to every measured run.
/// </summary>
internal static class CliStartupBench
{
    private const string Target = "300 ms";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = IntOption(args, "--runs") ?? 10;
        var karma = Option(args, "--karma") ?? DefaultKarma();
        var knobs = Options(args, "--env").Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty);
        if (!File.Exists(karma))
        {
            Console.Error.WriteLine($"cli-startup: no karma executable at {karma}: publish it (dotnet publish starter-cli -c Release) or pass --karma PATH.");
            return 2;
        }

        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-cli-{Guid.NewGuid():N}");
        var cli = new KarmaCli(karma, root, CreateConfigRepo(Path.Combine(root, "config-repo")), knobs);
        Console.WriteLine($"cli-startup: {karma} ({(IsReadyToRun(karma) ? "ReadyToRun" : "JIT only")}, built {File.GetLastWriteTimeUtc(karma):u}), {runs} runs each{(knobs.Count == 0 ? string.Empty : $", env {string.Join(' ', knobs.Select(k => $"{k.Key}={k.Value}"))}")}");
        try
        {
            var input = Path.Combine(root, "new.json");
            await File.WriteAllTextAsync(input, """{"bucket_name":"assets-v2","versioning":true}""");
            var proposed = await cli.RunAsync("propose-change", "s3-bucket", "assets", "--input", input, "-o", "json");
            if (proposed.ExitCode != 0)
            {
                Console.Error.WriteLine($"cli-startup: propose-change failed:\n{proposed.Output}");
                return 1;
            }

            var changeId = JsonDocument.Parse(proposed.StdOut).RootElement.GetProperty("change_id").GetString()!;
            var address = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "home", "temporal-dev", "server.json"))).RootElement.GetProperty("address").GetString()!;
            await MeasureAsync(cli, runs, "karma --help", "--help");
            await MeasureAsync(cli, runs, "karma status (local mode)", "status", changeId, "-o", "json");
            await MeasureAsync(cli, runs, "karma status --address", "status", changeId, "-o", "json", "--address", address);
            await cli.RunAsync("reject", changeId, "--reason", "bench done");
        }
        finally
        {
            await cli.RunAsync("dev-server", "stop");
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(KarmaCli cli, int runs, string label, params string[] args)
    {
        var warmup = await cli.RunAsync(args);
        if (warmup.ExitCode != 0)
        {
            // E.g. a build from before status read the memo: it needs a worker, and with --address none runs.
            Console.WriteLine($"{label,-28} fails: {warmup.StdErr.Trim()}");
            return;
        }

        var times = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var cpuBefore = ChildrenCpuMs();
            var run = await cli.RunAsync(args);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"{label} failed:\n{run.Output}");
            }

            times.Add(run.Elapsed.TotalMilliseconds);
            cpu.Add(ChildrenCpuMs() - cpuBefore);
        }

        var sorted = times.Order().ToArray();
        var cpuSorted = cpu.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-28} p50 {Percentile(sorted, 0.50),6:F0} ms  p95 {Percentile(sorted, 0.95),6:F0} ms  min {sorted[0],6:F0} ms  max {sorted[^1],6:F0} ms  (target p50 < {Target}); CPU p50 {Percentile(cpuSorted, 0.50):F0} ms; load average {LoadAverage()}"));
    }

    /// <summary>
    /// User + system CPU of this process's finished children (Linux /proc/self/stat cutime + cstime, in clock ticks of
    /// 10 ms): on a shared machine the CPU a run costs is steadier than its wall time. 0 where /proc is missing.
    /// </summary>
    private static double ChildrenCpuMs()
    {
        if (!File.Exists("/proc/self/stat"))
        {
            return 0;
        }

        // Fields after the command name "(…)": state is field 3, cutime 16 and cstime 17.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string CreateConfigRepo(string path)
    {
        Repository.Init(path);
        var file = Path.Combine(path, "iac", "dev", "s3-bucket", "assets", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, """{"bucket_name":"assets","versioning":true}""");
        using var repo = new Repository(path);
        Commands.Stage(repo, "*");
        var who = new Signature("bench", "bench@example.com", DateTimeOffset.UtcNow);
        repo.Commit("one bucket", who, who);
        return path;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Karma.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string DefaultKarma() =>
        Path.Combine(RepoRoot(), "starter-cli", "bin", "Release", "net10.0", RuntimeInformation.RuntimeIdentifier, "publish", "karma");

    /// <summary>Whether the executable's karma.dll carries precompiled native code (a ReadyToRun header).</summary>
    private static bool IsReadyToRun(string karma)
    {
        var dll = Path.Combine(Path.GetDirectoryName(karma)!, "karma.dll");
        if (!File.Exists(dll))
        {
            return false;
        }

        using var pe = new PEReader(File.OpenRead(dll));
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static string? Option(string[] args, string name) => Options(args, name).LastOrDefault();

    private static IEnumerable<string> Options(string[] args, string name)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }

    private static int? IntOption(string[] args, string name) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    private sealed record CliRun(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
    {
        public string Output => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
    }

    /// <summary>The karma executable with its own KARMA_HOME and config repo, isolated from the machine's settings.</summary>
    private sealed class KarmaCli(string karma, string root, string repo, IReadOnlyDictionary<string, string> knobs)
    {
        public async Task<CliRun> RunAsync(params string[] args)
        {
            var start = new ProcessStartInfo(karma) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in new[] { "AWS_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSM", "IAC_PREFIX", "TEMPORAL_ADDRESS" })
            {
                start.Environment.Remove(name);
            }

            start.Environment["KARMA_HOME"] = Path.Combine(root, "home");
            start.Environment["Karma__Repo__Url"] = repo;
            start.Environment["Karma__Environment"] = "dev";
            start.Environment["Karma__Identity__User"] = "bench@example.com";
            start.Environment["Karma__Terraform__ModulesRoot"] = Path.Combine(RepoRoot(), "examples", "modules");
            foreach (var (name, value) in knobs)
            {
                start.Environment[name] = value;
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {karma}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var elapsed = clock.Elapsed;
            return new CliRun(process.ExitCode, await stdout, await stderr, elapsed);
        }
    }
}
