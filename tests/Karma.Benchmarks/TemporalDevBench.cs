using System.Diagnostics;
using System.Globalization;
using Karma.TemporalDev.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench temporal-dev [load|startup|long-history|all] [--workflows N] [--server-process | --address host:port]</c>: the embedded Temporal server's
/// targets — 1,000 concurrent 3-activity + 1-signal workflows (&lt; 10 s), start-to-ready empty (&lt; 1 s) and
/// with 10,000 closed workflows (&lt; 3 s), workflow tasks of a 2,000-event workflow (&lt; 50 ms).
/// </summary>
internal static class TemporalDevBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var what = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        var workflows = IntOption(args, "--workflows", 1000);
        if (what is "load" or "all")
        {
            await LoadAsync(workflows, args.Contains("--server-process"), StringOption(args, "--address"));
        }

        if (what is "startup" or "all")
        {
            await StartupAsync(IntOption(args, "--closed", 10_000));
        }

        if (what is "long-history" or "all")
        {
            await LongHistoryAsync(IntOption(args, "--events", 2000));
        }

        return 0;
    }

    private static async Task LoadAsync(int count, bool serverProcess, string? externalAddress)
    {
        // In-process by default; --server-process runs the server as its own process so its CPU can be told apart;
        // --address uses a server started by hand (e.g. under a profiler).
        Process? child = null;
        TemporalDevServer? embedded = null;
        string address;
        if (externalAddress is not null)
        {
            address = externalAddress;
        }
        else if (serverProcess)
        {
            (child, address) = await StartServerProcessAsync();
        }
        else
        {
            embedded = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
            address = embedded.Address;
        }

        try
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
            var queue = $"bench-load-{Guid.NewGuid():N}";
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            {
                MaxConcurrentWorkflowTasks = 200,
                MaxConcurrentActivities = 200,
                MaxConcurrentWorkflowTaskPolls = 16,
                MaxConcurrentActivityTaskPolls = 16,
            }.AddWorkflow<BenchThreeStepWorkflow>().AddActivity(TemporalDevBenchActivities.Step));
            await worker.ExecuteAsync(async () =>
            {
                await RunBatchAsync(client, queue, Math.Min(50, count), "warm-up", child);
                await RunBatchAsync(client, queue, count, serverProcess ? "measured, server in its own process" : "measured", child);
            });
        }
        finally
        {
            if (child is not null)
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
                child.Dispose();
            }

            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }
        }
    }

    private static async Task<(Process Process, string Address)> StartServerProcessAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "karma-temporal-dev.dll"), "--port", port.ToString(CultureInfo.InvariantCulture), "--ephemeral" })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return (process, $"127.0.0.1:{port}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunBatchAsync(TemporalClient client, string queue, int count, string label, Process? server)
    {
        var latencies = new double[count];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        server?.Refresh();
        var serverCpuBefore = server?.TotalProcessorTime ?? TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var one = Stopwatch.StartNew();
            var handle = await client.StartWorkflowAsync((BenchThreeStepWorkflow wf) => wf.RunAsync($"n{i}"), new($"load-{Guid.NewGuid():N}", queue));
            await handle.SignalAsync(wf => wf.ApproveAsync());
            var result = await handle.GetResultAsync();
            if (result != $"n{i}+++")
            {
                throw new InvalidOperationException($"workflow {i} returned '{result}'");
            }

            latencies[i] = one.Elapsed.TotalMilliseconds;
        }));
        total.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        server?.Refresh();
        var serverCpu = server is null ? "in-process" : string.Create(CultureInfo.InvariantCulture, $"{(server.TotalProcessorTime - serverCpuBefore).TotalSeconds:F1} s");
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"temporal-dev load ({label}): {count} workflows x (3 activities + 1 signal) in {total.Elapsed.TotalSeconds:F2} s = {count / total.Elapsed.TotalSeconds:F0} workflows/s; start-to-close p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms; CPU {cpu.TotalSeconds:F1} s this process, server {serverCpu}; load average {LoadAverage()} (target: 1000 in < 10 s)"));
    }

    private static async Task StartupAsync(int closed)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"temporal-dev-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var empty = Path.Combine(dir, "empty.db");
            await using (await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, DbPath = Path.Combine(dir, "jit-warmup.db") }))
            {
            }

            var emptyTime = await TimeStartAsync(empty);
            var full = Path.Combine(dir, "full.db");
            var fill = Stopwatch.StartNew();
            await using (var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, DbPath = full }))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
                var queue = "bench-idle";
                using var gate = new SemaphoreSlim(64);
                await Task.WhenAll(Enumerable.Range(0, closed).Select(async i =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        var handle = await client.StartWorkflowAsync((BenchIdleWorkflow wf) => wf.RunAsync(), new($"closed-{i}", queue));
                        await handle.TerminateAsync("bench fill");
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"temporal-dev startup: filled {closed} closed workflows in {fill.Elapsed.TotalSeconds:F1} s ({new FileInfo(full).Length / 1024 / 1024} MB)"));
            var fullTime = await TimeStartAsync(full);
            // A fresh process each time (runtime start-up and JIT included), median of five.
            var emptyProcess = await MedianProcessStartAsync(() => Path.Combine(dir, $"empty-{Guid.NewGuid():N}.db"));
            var fullProcess = await MedianProcessStartAsync(() => full);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"temporal-dev startup: in-process start-to-ready empty db {emptyTime.TotalMilliseconds:F0} ms, with {closed} closed workflows {fullTime.TotalMilliseconds:F0} ms; " +
                $"fresh process ({ServerCommand().FileName}) launch-to-listening median empty {emptyProcess.TotalMilliseconds:F0} ms, with {closed} closed {fullProcess.TotalMilliseconds:F0} ms " +
                $"(targets < 1 s / < 3 s); load average {LoadAverage()}"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>StartAsync until listening (the server's own start-to-ready); a first RPC proves it serves.</summary>
    private static async Task<TimeSpan> TimeStartAsync(string db)
    {
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, DbPath = db });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        await client.WorkflowService.GetSystemInfoAsync(new GetSystemInfoRequest());
        return server.StartupTime;
    }

    private static async Task<TimeSpan> MedianProcessStartAsync(Func<string> db)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            times.Add(await TimeProcessStartAsync(db()));
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>The server executable (the apphost next to the dll, as users run it), else `dotnet karma-temporal-dev.dll`.</summary>
    private static ProcessStartInfo ServerCommand()
    {
        var exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "karma-temporal-dev.exe" : "karma-temporal-dev");
        var info = File.Exists(exe) ? new ProcessStartInfo(exe) : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "karma-temporal-dev.dll") } };
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    /// <summary>From process launch until the server prints that it listens (runtime start-up included).</summary>
    private static async Task<TimeSpan> TimeProcessStartAsync(string db)
    {
        var info = ServerCommand();
        foreach (var a in new[] { "--port", "0", "--db", db })
        {
            info.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var elapsed = clock.Elapsed;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return elapsed;
    }

    private static async Task LongHistoryAsync(int events)
    {
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        foreach (var cached in new[] { true, false })
        {
            var queue = $"bench-long-{Guid.NewGuid():N}";
            var options = new TemporalWorkerOptions(queue).AddWorkflow<BenchSignalCounterWorkflow>();
            if (!cached)
            {
                options.MaxCachedWorkflows = 0;
            }

            using var worker = new TemporalWorker(client, options);
            await worker.ExecuteAsync(async () =>
            {
                var handle = await client.StartWorkflowAsync((BenchSignalCounterWorkflow wf) => wf.RunAsync(), new($"long-{Guid.NewGuid():N}", queue));

                // Each signal sent while idle costs 4 events (signaled, task scheduled/started/completed).
                // Without a cache the worker replays the whole history on every task (its cost, quadratic in
                // length): the comparison runs on a quarter of the length to stay affordable.
                var target = cached ? events : events / 4;
                var length = 0L;
                while (length < target)
                {
                    await handle.SignalAsync(wf => wf.IncrementAsync());
                    length = await WaitForIdleAsync(client, handle.Id);
                }

                var samples = new List<double>();
                for (var i = 0; i < 50; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await handle.SignalAsync(wf => wf.IncrementAsync());
                    length = await WaitForIdleAsync(client, handle.Id);
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }

                samples.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"temporal-dev long-history ({(cached ? "sticky cache, partial history" : "no cache, full history")}): at {length} events, signal → workflow task completed p50 {Percentile([.. samples], 0.5):F1} ms, p99 {Percentile([.. samples], 0.99):F1} ms (target < 50 ms)"));
                await handle.SignalAsync(wf => wf.StopAsync());
                await handle.GetResultAsync();
            });
        }
    }

    /// <summary>Waits until the last event is a completed workflow task (nothing pending) and returns the history length.</summary>
    private static async Task<long> WaitForIdleAsync(TemporalClient client, string workflowId)
    {
        while (true)
        {
            var d = await client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
            {
                Namespace = client.Options.Namespace,
                Execution = new() { WorkflowId = workflowId },
            });
            if (d.PendingWorkflowTask is null && d.WorkflowExecutionInfo.Status == WorkflowExecutionStatus.Running)
            {
                return d.WorkflowExecutionInfo.HistoryLength;
            }

            await Task.Delay(1);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string? StringOption(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
