using System.Diagnostics;
using System.Net;
using Karma.TemporalDev.Api;
using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Http;
using Karma.TemporalDev.Persistence;
using Karma.TemporalDev.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Karma.TemporalDev.Hosting;

/// <summary>
/// A Temporal-compatible frontend (WorkflowService over gRPC h2c) persisted in SQLite, for one machine:
/// <c>await using var server = await TemporalDevServer.StartAsync(new() { Port = 0, Ephemeral = true });</c>
/// then connect the SDK to <see cref="Address"/>.
/// </summary>
public sealed class TemporalDevServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EngineCore core;
    private readonly SqliteStore store;

    private TemporalDevServer(WebApplication app, EngineCore core, SqliteStore store, string address, TimeSpan startup, int recovered, UiListener? http)
    {
        HttpAddress = http?.Address;
        UiServed = http?.Ui is not null;
        this.app = app;
        this.core = core;
        this.store = store;
        Address = address;
        StartupTime = startup;
        RecoveredRuns = recovered;
    }

    /// <summary>host:port for <c>TemporalClient.ConnectAsync</c>, e.g. "127.0.0.1:7233" (TLS when the options set a certificate).</summary>
    public string Address { get; }

    /// <summary>
    /// Base URL of the HTTP/JSON API and the Temporal Web UI, e.g. "http://127.0.0.1:8233"; null when
    /// <see cref="TemporalDevServerOptions.UiPort"/> is null.
    /// </summary>
    public string? HttpAddress { get; }

    /// <summary>Whether the Web UI's files are served at <see cref="HttpAddress"/> (false when they were not built).</summary>
    public bool UiServed { get; }

    /// <summary>One line for an operator: where the UI is, or how to get it. Null when no HTTP port is open.</summary>
    public string? UiLine => HttpAddress is null ? null
        : UiServed ? $"Temporal UI at {HttpAddress}" : $"{StaticUi.HowToGetIt} The HTTP API is at {HttpAddress}/api/v1.";

    /// <summary>From the call to <see cref="StartAsync"/> until ready to serve.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Open workflow runs resumed from the database.</summary>
    public int RecoveredRuns { get; }

    private static readonly string[] NoAmbientEndpoints = ["--urls=", "--http_ports=", "--https_ports="];

    public static async Task<TemporalDevServer> StartAsync(TemporalDevServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        TemporalDevSecurity.Validate(options);

        var dbPath = options.Ephemeral ? null : Path.GetFullPath(options.DbPath ?? TemporalDevServerOptions.DefaultDbPath());
        if (dbPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
        }

        var store = new SqliteStore(dbPath);
        // The server listens where its options say, whatever the embedding process's environment says. The host reads
        // its endpoints from ASPNETCORE_URLS / _HTTP_PORTS / _HTTPS_PORTS before anything can be cleared (they are meant
        // for a service host's own endpoint, and made Kestrel warn that it was "overriding" them): empty arguments win
        // over them. No other ambient setting (ASPNETCORE_/DOTNET_ logging or Kestrel keys) reconfigures it either.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = NoAmbientEndpoints });
        builder.Configuration.Sources.Clear();
        EmbeddedHostLogging.Configure(builder.Logging, loggerFactory);

        var http = UiListener.From(options);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Host), options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                TemporalDevSecurity.UseTls(listen, options);
            });
            http?.Listen(k);

            // The SDK multiplexes every call, long polls included, on one HTTP/2 connection: the default of 100
            // concurrent streams starves it as soon as a few hundred results are awaited at once.
            k.Limits.Http2.MaxStreamsPerConnection = 100_000;
            k.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            k.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
            k.Limits.MaxRequestBodySize = null;
        });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 128 * 1024 * 1024;
            o.MaxSendMessageSize = 128 * 1024 * 1024;
            if (options.ApiKey is { } apiKey)
            {
                o.Interceptors.Add<ApiKeyInterceptor>(System.Text.Encoding.UTF8.GetBytes(apiKey));
            }
        });
        builder.Services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<WorkflowServiceEndpoint>, WorkflowServiceMethodProvider>();

        var loggers = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        var namespaces = new NamespaceRegistry(store, options.Namespaces);
        var core = new EngineCore(store, namespaces, loggers);
        var handlers = new HandlerMap();
        new SystemApi(core).Register(handlers);
        new WorkflowApi(core).Register(handlers);
        new WorkerApi(core).Register(handlers);
        new HistoryApi(core).Register(handlers);
        new DescribeApi(core).Register(handlers);
        new QueryUpdateApi(core).Register(handlers);
        new VisibilityApi(core).Register(handlers);
        new OperatorApi(core, new Visibility.SearchAttributeCatalog(store)).Register(handlers);
        new TaskQueueApi(core).Register(handlers);
        var scheduler = new Schedules.Scheduler(core, store);
        new ScheduleApi(core, scheduler).Register(handlers);
        builder.Services.AddSingleton(handlers);
        builder.Services.AddSingleton<WorkflowServiceEndpoint>();

        var app = builder.Build();
        http?.Map(app, options);
        app.MapGrpcService<WorkflowServiceEndpoint>();
        var recovered = core.Recover();
        scheduler.Recover();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (options.UiPortFallback && options.UiPort is > 0 && IsAddressInUse(e))
        {
            await new TemporalDevServer(app, core, store, options.Host, clock.Elapsed, recovered, http).DisposeAsync();
            return await StartAsync(options.WithUiPort(0), loggerFactory, cancellationToken);
        }

        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => http is null || new Uri(a).Port != http.Port)).Port;
        return new TemporalDevServer(app, core, store, $"{options.Host}:{port}", clock.Elapsed, recovered, http);
    }

    private static bool IsAddressInUse(IOException e) =>
        e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
        || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        await core.Stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        core.Timers.Dispose();
        core.Stopping.Dispose();
        store.Dispose();
    }
}
