using Karma.TemporalDev.Cli;
using Karma.TemporalDev.Hosting;
using Microsoft.Extensions.Logging;

TemporalDevServerOptions options;
bool verbose;
try
{
    (options, verbose) = CommandLine.Parse(args);
}
catch (CommandLineException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}\n{CommandLine.Usage}");
    return CommandLineException.ExitCode;
}

using var loggers = LoggerFactory.Create(b => b
    .AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss.fff ";
    })
    .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

TemporalDevServer server;
try
{
    server = await TemporalDevServer.StartAsync(options, loggers);
}
catch (IOException e)
{
    await Console.Error.WriteLineAsync($"error: could not start on port {options.Port}{(options.UiPort is { } ui ? $" / UI port {ui}" : string.Empty)}: {e.Message}");
    return 1;
}

await using (server)
{
    var where = options.Ephemeral ? "in memory (ephemeral)" : Path.GetFullPath(options.DbPath ?? TemporalDevServerOptions.DefaultDbPath());
    var security = (options.TlsClientCaPath is not null ? "mTLS" : options.TlsCertPath is not null ? "TLS" : "plaintext") + (options.ApiKey is null ? string.Empty : ", API key required");
    Console.WriteLine($"karma-temporal-dev listening on {server.Address} ({security}; db: {where}; {server.RecoveredRuns} open runs resumed; ready in {server.StartupTime.TotalMilliseconds:F0} ms)");
    if (server.UiLine is { } ui)
    {
        Console.WriteLine(ui);
    }
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("karma-temporal-dev stopping");
    }
}

return 0;
