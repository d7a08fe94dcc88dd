using System.Diagnostics;
using System.Text;
using Karma.Cli;

namespace Karma.Workflows.Tests.Infrastructure;

/// <summary>
/// <c>karma worker</c> as a separate OS process (the built CLI), so a test can kill it for real. Its stderr (worker
/// and activity logs, with <c>--verbose</c>) is collected for waits and failure messages.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly string KarmaDll = typeof(KarmaApp).Assembly.Location;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="environment">Karma settings (KARMA_HOME, TEMPORAL_ADDRESS, Karma__… keys) for the worker.</param>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(KarmaDll);
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add("--verbose");
        // The machine's AWS settings would switch the worker to the AWS Parameter Store.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k is "IAC_PREFIX" or "TEMPORAL_ADDRESS").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start karma worker");
        process.StandardInput.Close();
        return new WorkerProcess(process);
    }

    /// <summary>Waits until the worker printed <paramref name="text"/>; fails with its output otherwise.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the worker did not print '{text}' (exited: {_process.HasExited}).\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL, the process only: a crash gives it no chance to clean up, and its children live on.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
