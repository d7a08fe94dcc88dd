using System.Text.Json;
using Karma.Activities.Configuration;
using Karma.Activities.Git;
using Karma.Activities.Graph;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using Karma.Workflows;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Temporalio.Client;

namespace Karma.Worker.Api;

/// <summary>
/// Wiring of the HTTP API into any ASP.NET Core host: <see cref="AddKarmaApi"/> on the services,
/// <see cref="MapKarmaApi"/> on the app. The handlers need only DI services, so the same wiring runs in the worker
/// (service mode, cached graph) or alone per request (stateless mode).
/// </summary>
public static class KarmaApiExtensions
{
    /// <summary>
    /// Registers the API's services. Uses an <see cref="IGraphStore"/>, <see cref="KarmaWorkflowClient"/> or
    /// <see cref="ITemporalClient"/> already registered, else creates the configured graph store and a workflow client
    /// over the registered Temporal client. In cached mode it also registers the <see cref="CachedGraphSnapshotSource"/>
    /// and its refresh service; wrap the worker's graph store with <see cref="SnapshotRefreshingGraphStore"/>
    /// (<see cref="RefreshingGraphStore"/>) so graph writes refresh the snapshot at once.
    /// </summary>
    public static IServiceCollection AddKarmaApi(this IServiceCollection services, KarmaConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var context = KarmaApiContext.From(configuration);
        services.TryAddSingleton(context);
        if (!context.Settings.Enabled)
        {
            return services;
        }

        services.TryAddSingleton(sp => new ApiTokenRegistry(sp.GetRequiredService<KarmaApiContext>().Settings.Tokens));
        services.TryAddSingleton<IGraphStore>(sp => GraphStoreFactory.Create(configuration, sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IParameterStore>(_ => ParameterStoreFactory.Create(configuration.Options));
        services.TryAddSingleton(sp => new ChangeEnvironmentGuard(
            new GitConfigLoader(configuration.Options.Home), sp.GetRequiredService<IParameterStore>(), configuration.Options.ToLifecycleOptions()));
        services.TryAddSingleton<IAuditStore>(_ => Activities.Audit.AuditStoreFactory.Create(configuration.Options));
        services.TryAddSingleton(sp => new KarmaWorkflowClient(sp.GetRequiredService<ITemporalClient>(), configuration.Options.Temporal.TaskQueue));
        if (context.Settings.Mode == ApiGraphMode.Cached)
        {
            services.TryAddSingleton(sp => new CachedGraphSnapshotSource(sp.GetRequiredService<IGraphStore>()));
            services.TryAddSingleton<IGraphSnapshotSource>(sp => sp.GetRequiredService<CachedGraphSnapshotSource>());
            services.AddHostedService<GraphSnapshotRefreshService>();
        }
        else
        {
            services.TryAddSingleton<IGraphSnapshotSource>(sp => new StatelessGraphSnapshotSource(sp.GetRequiredService<IGraphStore>()));
        }

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });

        // Kestrel refuses oversized bodies before a handler runs; the handlers check again for hosts without Kestrel.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = context.Settings.MaxRequestBodyBytes);
        return services;
    }

    /// <summary>The worker's graph store, wrapped so every write refreshes the API's snapshot (cached mode only).</summary>
    public static IGraphStore RefreshingGraphStore(this IServiceProvider services, IGraphStore inner)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<CachedGraphSnapshotSource>() is { } snapshots ? new SnapshotRefreshingGraphStore(inner, snapshots) : inner;
    }

    /// <summary>
    /// Maps every route (and /openapi/v1.json), plus ProblemDetails for errors and unmatched routes. Does nothing
    /// when <c>Karma:Api:Enabled</c> is false. Call it before other middleware that writes responses.
    /// </summary>
    public static WebApplication MapKarmaApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = app.Services.GetRequiredService<KarmaApiContext>();
        if (!context.Settings.Enabled)
        {
            return app;
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        var api = app.MapGroup(string.Empty).AddEndpointFilter(ApiProblems.Translate);
        HealthEndpoints.Map(api);
        GraphEndpoints.Map(api);
        ChangeEndpoints.Map(api);
        LogEndpoints.Map(api);
        return app;
    }
}
