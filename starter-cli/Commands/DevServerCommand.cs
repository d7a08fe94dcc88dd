using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.TemporalDev.Hosting;

namespace Karma.Cli.Commands;

/// <summary>
/// <c>karma dev-server</c>: runs the embedded Temporal dev server in the foreground (Ctrl+C stops it); with the hidden
/// <c>--state-home</c>, as local mode starts it, it is that home's background host and runs the Karma worker as well.
/// <c>karma dev-server stop</c> stops the background host of this KARMA_HOME.
/// </summary>
internal static class DevServerCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 7233 };
        var db = new Option<string?>("--db") { Description = "SQLite database (default: KARMA_HOME/temporal-dev/temporal.db)." };
        var ephemeral = new Option<bool>("--ephemeral") { Description = "Keep everything in memory." };
        var uiPort = new Option<int?>("--ui-port") { Description = "Port of the Temporal Web UI and HTTP API (default 8233, or a free one when 8233 is taken)." };
        var noUi = new Option<bool>("--no-ui") { Description = "Serve neither the Web UI nor the HTTP API." };
        var stateHome = new Option<string?>("--state-home") { Description = "Run as local mode's background host (server and worker) of that KARMA_HOME.", Hidden = true };
        var command = new Command("dev-server", "Run the embedded Temporal dev server in the foreground.") { port, uiPort, noUi, db, ephemeral, stateHome };
        command.SetAction(async (parsed, invocationCancellation) =>
        {
            var home = parsed.GetValue(stateHome);

            // 'karma dev-server stop' sends SIGTERM: stop as on Ctrl+C (the worker lets a running terraform finish its
            // interrupt), rather than the runtime's default of exiting at once.
            using var terminated = CancellationTokenSource.CreateLinkedTokenSource(invocationCancellation);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                terminated.Cancel();
            });
            var cancellationToken = terminated.Token;

            // The host's worker reads the configuration (repo's karma.json included) the starting command was given.
            using var session = home is null ? KarmaSession.Open(parsed, globals, console) : await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
            var options = new TemporalDevServerOptions
            {
                Port = parsed.GetValue(port),
                Ephemeral = parsed.GetValue(ephemeral),
                DbPath = parsed.GetValue(db) ?? DevServerState.DatabasePath(session.Options.Home),
                UiPort = parsed.GetValue(noUi) ? null : parsed.GetValue(uiPort) ?? UiPort.Default,
                UiPortFallback = parsed.GetValue(uiPort) is null,
            };
            if (parsed.GetValue(noUi) && parsed.GetValue(uiPort) is not null)
            {
                throw CliException.Usage("--ui-port and --no-ui exclude each other.");
            }

            if (options.UiPort is < 0 or > 65535)
            {
                throw CliException.Usage($"--ui-port {options.UiPort} is not a TCP port (0-65535).");
            }

            if (options.Port is < 0 or > 65535)
            {
                throw CliException.Usage($"--port {options.Port} is not a TCP port (0-65535).");
            }

            await using var server = await StartAsync(options, cancellationToken);
            console.Out.WriteLine($"Temporal dev server listening on {server.Address} (database {(options.Ephemeral ? "in memory" : options.DbPath)}); Ctrl+C stops it.");
            if (server.UiLine is { } ui)
            {
                console.Out.WriteLine(ui);
            }

            await console.Out.FlushAsync(cancellationToken);
            if (home is null)
            {
                await BackgroundHost.WaitForStopAsync(Task.Delay(Timeout.Infinite, cancellationToken));
                return ExitCodes.Ok;
            }

            return await BackgroundHost.RunAsync(session, server.Address, options.DbPath, home, cancellationToken);
        });
        command.Subcommands.Add(CreateStop(globals, console));
        return command;
    }

    private static async Task<TemporalDevServer> StartAsync(TemporalDevServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await TemporalDevServer.StartAsync(options, cancellationToken: cancellationToken);
        }
        catch (IOException e)
        {
            throw CliException.Backend($"cannot start the Temporal dev server on port {options.Port}: {e.Message}", e);
        }
    }

    private static Command CreateStop(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("stop", "Stop the background dev server and worker that local mode started for this KARMA_HOME.");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var session = KarmaSession.Open(parsed, globals, console);
            var home = session.Options.Home;
            var stale = DevServerState.Read(home);
            console.Info(await LocalTemporalServer.StopAsync(home, cancellationToken) switch
            {
                HostStopOutcome.Stopped => "stopped the local Temporal dev server and worker",
                HostStopOutcome.Stale => $"{DevServerState.FilePath(home)} was stale (pid {stale?.Pid} is not this home's dev server and was not touched): removed it",
                _ => "no local Temporal dev server is running",
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
