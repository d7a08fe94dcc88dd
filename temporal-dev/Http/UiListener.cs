using System.Net;
using Karma.TemporalDev.Hosting;
using Karma.TemporalDev.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Karma.TemporalDev.Http;

/// <summary>
/// The second listener (HTTP/1.1, the UI port): <c>/api/v1</c> goes to <see cref="HttpApi"/>, everything else to the
/// Web UI's files. Requests on the gRPC port never reach it.
/// </summary>
internal sealed class UiListener
{
    private readonly TemporalDevServerOptions options;
    private ListenOptions? listen;

    private UiListener(TemporalDevServerOptions options, StaticUi? ui)
    {
        this.options = options;
        Ui = ui;
    }

    public StaticUi? Ui { get; }

    /// <summary>The bound port (the real one when the option was 0), once the server has started.</summary>
    public int Port => listen?.IPEndPoint?.Port ?? options.UiPort ?? 0;

    public string Address => $"http://{options.Host}:{Port}";

    public static UiListener? From(TemporalDevServerOptions options)
    {
        if (options.UiPort is not { } port)
        {
            return null;
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), port, "UiPort must be between 0 and 65535.");
        }

        return new UiListener(options, StaticUi.TryOpen(options.UiDirectory ?? StaticUi.DefaultDirectory));
    }

    public void Listen(KestrelServerOptions kestrel) =>
        kestrel.Listen(IPAddress.Parse(options.Host), options.UiPort!.Value, l =>
        {
            l.Protocols = HttpProtocols.Http1;
            listen = l;
        });

    public void Map(WebApplication app, TemporalDevServerOptions serverOptions)
    {
        // Built at the first API call, not at start: most embedded servers (CLI runs, tests) are never browsed.
        var routes = new Lazy<Task<HttpRouteTable>>(() => Task.Run(HttpRouteTable.Build));
        var defaultNamespace = serverOptions.Namespaces.Count > 0 ? serverOptions.Namespaces[0] : "default";
        app.UseWhen(http => http.Connection.LocalPort == Port, branch => branch.Run(http =>
        {
            if (HttpApi.Handles(http))
            {
                return new HttpApi(http.RequestServices.GetRequiredService<WorkflowServiceEndpoint>(), routes, defaultNamespace).HandleAsync(http);
            }

            if (Ui is not null)
            {
                return Ui.HandleAsync(http);
            }

            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return http.Response.WriteAsync(StaticUi.HowToGetIt + "\n", http.RequestAborted);
        }));
    }
}
