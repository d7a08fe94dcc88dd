using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Karma.Testing;

/// <summary>
/// A moto server (python3 -m moto.server) on a free loopback port, shared by the tests of one assembly
/// (declare it with <c>[assembly: AssemblyFixture(typeof(MotoServer))]</c> and take it in a constructor).
/// Moto emulates every AWS service on one endpoint, so <see cref="Endpoint"/> serves SSM, S3, STS, IAM alike.
/// When python3 or moto is missing the fixture still constructs; <see cref="Require"/> then skips the test
/// locally and fails it under CI.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    public const string Region = "us-east-1";

    // Moto accepts any credentials; these only have to be non-empty so clients can sign.
    public const string AccessKeyId = "testing";

    public const string SecretAccessKey = "testing";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly OutputTail _output = new(40);
    private Process? _process;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:50123</c>; empty when unavailable.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public bool IsAvailable => _process is not null && UnavailableReason is null;

    public string? UnavailableReason { get; private set; }

    /// <summary>Variables that point AWS tools (terraform, the AWS SDK in a child process) at this server.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["AWS_REGION"] = Region,
        ["AWS_DEFAULT_REGION"] = Region,
        ["AWS_ENDPOINT_URL"] = Endpoint,
    };

    /// <summary>Skips (locally) or fails (CI=true) the calling test when moto could not be started.</summary>
    public void Require()
    {
        if (!IsAvailable)
        {
            RequiredTool.Unavailable(UnavailableReason ?? "moto server is not running.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var python = RequiredTool.FindOnPath("python3");
        if (python is null)
        {
            UnavailableReason = "'python3' is not on PATH; it is needed to run moto (python3 -m moto.server).";
            return;
        }

        // A port picked free can be taken before moto binds it; a second try with a new port settles that race.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = FreePort();
            var process = Start(python, port);
            if (await WaitUntilReadyAsync(process, port))
            {
                _process = process;
                Endpoint = $"http://127.0.0.1:{port}";
                UnavailableReason = null;
                return;
            }

            await StopAsync(process);
            var output = _output.Text;
            UnavailableReason = output.Contains("No module named", StringComparison.Ordinal)
                ? $"python3 cannot import moto (pip install 'moto[server]'): {output}"
                : $"moto server did not become ready on port {port} within {StartTimeout.TotalSeconds:0} s: {output}";
            if (!output.Contains("in use", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }
    }

    /// <summary>Wipes all state in every emulated service (POST /moto-api/reset).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        Require();
        using var client = new HttpClient();
        using var response = await client.PostAsync(new Uri($"{Endpoint}/moto-api/reset"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync(_process);
            _process = null;
        }
    }

    private Process Start(string python, int port)
    {
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        // Moto logs every request; the pipes must be drained or the server blocks once they fill.
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitUntilReadyAsync(Process process, int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(50);
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                // Any HTTP answer means the server is accepting requests.
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/moto-api/"));
                return true;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Polling is the only readiness signal moto offers; the pause grows so a slow start costs few requests.
                await Task.Delay(pause);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 500));
            }
        }

        return false;
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refusing to die within 10 s: nothing more a test fixture can do.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The last lines a child process printed, for failure messages.</summary>
    private sealed class OutputTail(int capacity)
    {
        private readonly Queue<string> _lines = new();
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return string.Join(Environment.NewLine, _lines);
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _lines.Enqueue(line);
                while (_lines.Count > capacity)
                {
                    _lines.Dequeue();
                }
            }
        }
    }
}
