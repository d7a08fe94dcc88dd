using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Karma.TemporalDev.Tests.Fixtures;

/// <summary>karma-temporal-dev as a child process (`dotnet karma-temporal-dev.dll --port P --db D`), so a test can SIGKILL it.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<ServerProcess> StartAsync(int port, string dbPath, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "karma-temporal-dev.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", dbPath })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start karma-temporal-dev.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"karma-temporal-dev exited with {process.ExitCode} before it was ready."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new ServerProcess(process, port);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
