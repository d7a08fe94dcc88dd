using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Karma.TemporalDev.Hosting;
using Microsoft.Extensions.Logging;

namespace Karma.TemporalDev.Selection;

/// <summary>
/// Picks the Temporal frontend for the CLI, the worker and tests, in this order:
/// 1. TEMPORAL_ADDRESS is set → use it (a real cluster, Temporal Cloud, or a server you run yourself);
/// 2. a `temporal` CLI is on PATH → start `temporal server start-dev --db-filename ...`;
/// 3. otherwise → start karma-temporal-dev in this process.
/// The choice is logged; disposing the endpoint stops what was started.
/// </summary>
public static partial class TemporalEndpointSelector
{
    public const string AddressVariable = "TEMPORAL_ADDRESS";

    public static async Task<TemporalEndpoint> SelectAsync(TemporalEndpointSelectorOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger(typeof(TemporalEndpointSelector));
        var endpoint = await ChooseAsync(options, loggerFactory, cancellationToken);
        LogChosen(logger, endpoint.Kind, endpoint.Address, endpoint.Description);
        return endpoint;
    }

    private static async Task<TemporalEndpoint> ChooseAsync(TemporalEndpointSelectorOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var configured = options.GetEnvironmentVariable(AddressVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TemporalEndpoint(TemporalEndpointKind.Environment, configured.Trim(), $"using {AddressVariable}={configured.Trim()}", () => ValueTask.CompletedTask);
        }

        var cli = FindOnPath("temporal", options.GetEnvironmentVariable("PATH"));
        if (cli is not null)
        {
            return await StartCliAsync(cli, options, cancellationToken);
        }

        var server = await TemporalDevServer.StartAsync(
            new TemporalDevServerOptions
            {
                Port = options.Port, DbPath = options.DbPath, Ephemeral = options.Ephemeral, Namespaces = options.Namespaces, UiPort = options.UiPort,
                UiPortFallback = options.UiPortFallback,
            },
            loggerFactory,
            cancellationToken);
        var where = options.Ephemeral ? "in memory" : Path.GetFullPath(options.DbPath ?? TemporalDevServerOptions.DefaultDbPath());
        var ui = server.UiLine is { } line ? $"; {line}" : string.Empty;
        return new TemporalEndpoint(
            TemporalEndpointKind.Embedded,
            server.Address,
            $"no {AddressVariable} and no temporal CLI on PATH: started embedded karma-temporal-dev (db {where}{ui})",
            server.DisposeAsync,
            server.UiServed ? new Uri(server.HttpAddress!) : null);
    }

    private static async Task<TemporalEndpoint> StartCliAsync(string cli, TemporalEndpointSelectorOptions options, CancellationToken cancellationToken)
    {
        var port = options.Port == 0 ? FreePort() : options.Port;
        var info = new ProcessStartInfo(cli) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "server", "start-dev", "--port", port.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1", "--headless" })
        {
            info.ArgumentList.Add(arg);
        }

        if (!options.Ephemeral)
        {
            // The CLI's database format is not ours: keep it in a sibling file.
            var db = Path.GetFullPath(options.DbPath ?? TemporalDevServerOptions.DefaultDbPath());
            Directory.CreateDirectory(Path.GetDirectoryName(db)!);
            info.ArgumentList.Add("--db-filename");
            info.ArgumentList.Add(Path.ChangeExtension(db, ".temporal-cli.db"));
        }

        foreach (var ns in options.Namespaces)
        {
            info.ArgumentList.Add("--namespace");
            info.ArgumentList.Add(ns);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{cli} server start-dev'.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitForPortAsync(port, process, options.CliStartTimeout, cancellationToken);
        }
        catch
        {
            Stop(process);
            throw;
        }

        return new TemporalEndpoint(TemporalEndpointKind.TemporalCli, $"127.0.0.1:{port}", $"no {AddressVariable}: started '{cli} server start-dev' on port {port}", () =>
        {
            Stop(process);
            return ValueTask.CompletedTask;
        });
    }

    private static async Task WaitForPortAsync(int port, Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"'temporal server start-dev' exited with code {process.ExitCode} before accepting connections on port {port}.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet: the CLI takes a moment to start.
                await Task.Delay(100, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new TimeoutException($"'temporal server start-dev' did not accept connections on port {port} within {timeout.TotalSeconds:F0} s.", e);
            }
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string executable, string? path) =>
        (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);

    [LoggerMessage(Level = LogLevel.Information, Message = "Temporal endpoint: {Kind} at {Address} ({Description})")]
    private static partial void LogChosen(ILogger logger, TemporalEndpointKind kind, string address, string description);
}
