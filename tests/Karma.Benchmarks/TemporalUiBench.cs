using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Karma.TemporalDev.Hosting;
using Temporalio.Client;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench temporal-ui [http|build|all] [--runs N]</c>: the Temporal Web UI's targets — the list of 1,000 runs over the
/// HTTP API (<c>GET /api/v1/namespaces/default/workflows</c> &lt; 100 ms, and the status counts the list page asks for),
/// the UI build from a warm npm cache (<c>npm ci</c> + <c>vite build</c> in a scratch copy, &lt; 60 s) and the no-op
/// rebuild of the MSBuild step (&lt; 2 s).
/// </summary>
internal static class TemporalUiBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var what = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        var runs = Array.IndexOf(args, "--runs") is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 1000;
        if (what is "http" or "all")
        {
            await HttpListAsync(runs);
        }

        if (what is "build" or "all")
        {
            return await BuildAsync();
        }

        return 0;
    }

    private static async Task HttpListAsync(int runs)
    {
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, UiPort = 0, Ephemeral = true });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var queue = $"bench-ui-{Guid.NewGuid():N}";

        // Started, never worked on: the list reads visibility only, so running runs are as good as finished ones.
        await Task.WhenAll(Enumerable.Range(0, runs).Select(n => client.WorkflowService.StartWorkflowExecutionAsync(new()
        {
            Namespace = "default",
            WorkflowId = $"karma/change/bench-{n}",
            WorkflowType = new() { Name = "ChangeWorkflow" },
            TaskQueue = new() { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
        })));

        using var http = new HttpClient { BaseAddress = new Uri(server.HttpAddress!) };
        var list = $"/api/v1/namespaces/default/workflows?pageSize={runs}&query={Uri.EscapeDataString($"TaskQueue=\"{queue}\"")}";
        var count = $"/api/v1/namespaces/default/workflow-count?query={Uri.EscapeDataString($"TaskQueue=\"{queue}\" GROUP BY ExecutionStatus")}";
        var listed = JsonDocument.Parse(await http.GetStringAsync(list)).RootElement.GetProperty("executions").GetArrayLength();
        Console.WriteLine($"temporal-ui http: {listed} of {runs} runs listed in one page");
        // The same page over gRPC: what the HTTP layer (routing, binding, proto3 JSON) adds on top of the list itself.
        var grpc = new List<double>();
        for (var n = 0; n < 30; n++)
        {
            var clock = Stopwatch.StartNew();
            await client.WorkflowService.ListWorkflowExecutionsAsync(new() { Namespace = "default", PageSize = runs, Query = $"TaskQueue=\"{queue}\"" });
            grpc.Add(clock.Elapsed.TotalMilliseconds);
        }

        grpc.Sort();
        Console.WriteLine($"temporal-ui grpc list (for comparison): p50 {grpc[grpc.Count / 2]:F1} ms, max {grpc[^1]:F1} ms");
        foreach (var (name, path) in new[] { ("list", list), ("count", count), ("list (UI page of 100)", list.Replace($"pageSize={runs}", "pageSize=100", StringComparison.Ordinal)) })
        {
            var times = new List<double>();
            for (var n = 0; n < 30; n++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                _ = await response.Content.ReadAsByteArrayAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"temporal-ui http {name}: p50 {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms, max {times[^1]:F1} ms (target < 100 ms)");
        }
    }

    private static async Task<int> BuildAsync()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Karma.sln")))
        {
            repo = repo.Parent;
        }

        if (repo is null)
        {
            Console.Error.WriteLine("temporal-ui build: run from the repository (Karma.sln not found above the bench's folder)");
            return 2;
        }

        var ui = Path.Combine(repo.FullName, "temporal-dev", "ui");
        var scratch = Path.Combine(Path.GetTempPath(), $"karma-ui-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        try
        {
            foreach (var file in Directory.GetFiles(ui).Where(f => !f.EndsWith(".targets", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(scratch, Path.GetFileName(file)));
            }

            CopyTree(Path.Combine(ui, "src"), Path.Combine(scratch, "src"));
            var install = await TimeAsync(scratch, "npm", "ci --no-audit --no-fund --prefer-offline --loglevel=error");
            var build = await TimeAsync(scratch, "npm", "run --silent build");
            Console.WriteLine($"temporal-ui build (warm npm cache): npm ci {install:F1} s + vite build {build:F1} s = {install + build:F1} s (target < 60 s)");
            var noOp = await TimeAsync(repo.FullName, "dotnet", "msbuild temporal-dev/Karma.TemporalDev.csproj -t:TemporalUiContent -nologo -v:q");
            Console.WriteLine($"temporal-ui no-op rebuild (the MSBuild step, msbuild start-up included): {noOp:F1} s (target < 2 s)");
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<double> TimeAsync(string directory, string program, string arguments)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { WorkingDirectory = directory, UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed with exit code {process.ExitCode} in {directory}");
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
