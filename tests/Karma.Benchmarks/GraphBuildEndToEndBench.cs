using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench graph-build [--components 1000,10000,100000] [--karma PATH] [--cache DIR]</c>: <c>karma graph build --env bench</c>
/// as a user runs it — a fresh process of the published CLI, a local config repo (5 layers of component types, about 3
/// references per component, one commit), the embedded Parameter Store (every component published and applied) and
/// the embedded graph store. Per size: a full build into an empty graph store, the same commit again (should write
/// nothing), and a later commit changing one component. Each run reports wall time, peak RSS (<c>/usr/bin/time</c>),
/// the ratio to the floor (<c>git cat-file --batch</c> reading every config blob of the same commit) and the load
/// average (the machine is shared). Goals (issue 18): 100k full ≤ 3 s and ≤ 300 MB; 100k unchanged ≤ 1 s;
/// 100k one change ≤ 1 s; 10k full ≤ 0.5 s. Publish first: <c>dotnet publish starter-cli -c Release</c>.
/// </summary>
internal static class GraphBuildEndToEndBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Option(args, "--components") ?? "1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var karma = Path.GetFullPath(Option(args, "--karma") ?? DefaultKarma());
        var cache = Option(args, "--cache") ?? Path.Combine(Path.GetTempPath(), "karma-bench");
        if (!File.Exists(karma))
        {
            Console.Error.WriteLine($"graph-build: no karma executable at {karma}: publish it (dotnet publish starter-cli -c Release) or pass --karma PATH.");
            return 2;
        }

        if (!File.Exists(TimeTool))
        {
            Console.Error.WriteLine($"graph-build: {TimeTool} is needed to read the peak RSS of each run (apt-get install time).");
            return 2;
        }

        Console.WriteLine($"graph-build: {karma} (built {File.GetLastWriteTimeUtc(karma):u}); wall s / peak RSS MB / ratio to the git cat-file --batch floor / load average");
        foreach (var size in sizes)
        {
            var repo = await GraphBenchRepo.OpenOrCreateAsync(cache, size);
            await RunSizeAsync(karma, repo);
        }

        return 0;
    }

    private static async Task RunSizeAsync(string karma, GraphBenchRepo repo)
    {
        var home = Path.Combine(Path.GetTempPath(), $"karma-bench-home-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        try
        {
            // The run's own copy: builds must not change the cached Parameter Store.
            File.Copy(repo.ParametersDb, Path.Combine(home, Path.GetFileName(repo.ParametersDb)));
            var floor = Floor(repo, "main");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"graph-build: {repo.Size,7} components: floor {floor:F2} s (git ls-tree | git cat-file --batch, every config blob)"));
            Report(await RunKarmaAsync(karma, repo, home, "main"), "full build", floor);
            Report(await RunKarmaAsync(karma, repo, home, "main"), "same commit again", floor);
            Report(await RunKarmaAsync(karma, repo, home, "changed"), "one component changed", floor);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static void Report(KarmaRun run, string label, double floor) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"graph-build:   {label,-22} {run.WallSeconds,6:F2} s (CPU {run.CpuSeconds:F2} s) {run.PeakRssMb,5:F0} MB {run.WallSeconds / floor,5:F1}x floor  load {run.LoadAverage}  exit {run.ExitCode}: {run.Summary}"));

    /// <summary>The least any reader of this commit must do: list the environment's tree and read every blob in it.</summary>
    private static double Floor(GraphBenchRepo repo, string branch)
    {
        var commit = repo.Commit(branch);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"git --git-dir '{repo.Repo}' ls-tree -r --object-only {commit} iac/{GraphBenchRepo.Environment} | git --git-dir '{repo.Repo}' cat-file --batch > /dev/null");
        // Twice: the first warms the page cache, as karma's runs find it warm too.
        var best = double.MaxValue;
        for (var i = 0; i < 2; i++)
        {
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.WaitForExit();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static async Task<KarmaRun> RunKarmaAsync(string karma, GraphBenchRepo repo, string home, string branch)
    {
        var rss = Path.Combine(home, "rss");
        var start = new ProcessStartInfo(TimeTool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home };
        foreach (var arg in new[] { "-f", "%M %U %S", "-o", rss, karma, "graph", "build", "--env", GraphBenchRepo.Environment, "-o", "json" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "AWS_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSM", "IAC_PREFIX", "TEMPORAL_ADDRESS" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["KARMA_HOME"] = home;
        start.Environment["Karma__Repo__Url"] = repo.Repo;
        start.Environment["Karma__Repo__Ref"] = branch;
        start.Environment["Karma__Environment"] = GraphBenchRepo.Environment;
        start.Environment["Karma__Identity__User"] = "bench@example.com";
        var load = LoadAverage();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {karma}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        // The last line of /usr/bin/time's file: "<max RSS KB> <user s> <system s>".
        var usage = (await File.ReadAllTextAsync(rss)).Trim().Split('\n')[^1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var error = (await stderr).Trim();
        return new KarmaRun(wall, usage[1] + usage[2], usage[0] / 1024, process.ExitCode, Summarise(await stdout) ?? error.Split('\n')[0], load);
    }

    private const string TimeTool = "/usr/bin/time";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

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

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>What was written (or that nothing was), the diagnostics count and karma's own phase timings.</summary>
    private static string? Summarise(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var written = root.TryGetProperty("written", out var w) && w.ValueKind == JsonValueKind.Object
                ? w.TryGetProperty("unchanged", out var u) && u.GetBoolean()
                    ? $"unchanged, version {w.GetProperty("version")}"
                    : $"version {w.GetProperty("version")}: nodes +{w.GetProperty("nodes_added")} ~{w.GetProperty("nodes_updated")} -{w.GetProperty("nodes_removed")}, edges +{w.GetProperty("edges_added")} -{w.GetProperty("edges_removed")}"
                : "nothing written";
            var t = root.GetProperty("timings_ms");
            return string.Create(CultureInfo.InvariantCulture,
                $"{written}; {root.GetProperty("components")} components, {root.GetProperty("edges")} edges; karma's timings load {t.GetProperty("load").GetDouble():F0} / analyse {t.GetProperty("analyse").GetDouble():F0} / write {t.GetProperty("write").GetDouble():F0} ms");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record KarmaRun(double WallSeconds, double CpuSeconds, double PeakRssMb, int ExitCode, string Summary, string LoadAverage);
}
