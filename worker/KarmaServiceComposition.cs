using Karma.Activities.Configuration;
using Karma.Activities.Graph;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;
using Karma.Worker.Api;
using Karma.Worker.Slack;
using Temporalio.Client;

namespace Karma.Worker;

/// <summary>
/// Service mode's services and routes: the lifecycle worker, the HTTP API with its in-memory graph snapshot and the
/// Slack approvals. Program.cs and the tests that host the service in-process both use it, so they cannot drift apart.
/// </summary>
public static class KarmaServiceComposition
{
    public static IServiceCollection AddKarmaService(this IServiceCollection services, KarmaConfiguration configuration, ITemporalClient temporal)
    {
        services.AddSingleton(configuration);
        services.AddSingleton(temporal);
        services.AddSingleton(ParameterStoreFactory.Create(configuration.Options));
        services.AddSingleton<IChangeNotifier, LogChangeNotifier>();
        services.AddSingleton<IGraphStore>(_ => GraphStoreFactory.Create(configuration));
        services.AddKarmaApi(configuration);
        services.AddKarmaSlackApprovals(configuration);

        // The worker writes through a wrapper, so each graph write refreshes the API's in-memory snapshot at once.
        services.AddHostedService(sp => new KarmaWorkerService(
            temporal, configuration, sp.GetRequiredService<IParameterStore>(), sp.RefreshingGraphStore(sp.GetRequiredService<IGraphStore>()),
            sp.GetRequiredService<IChangeNotifier>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    public static WebApplication MapKarmaService(this WebApplication app)
    {
        app.MapKarmaApi();
        app.MapKarmaSlackApprovals();
        return app;
    }
}
