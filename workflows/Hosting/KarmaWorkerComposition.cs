using Karma.Activities.Audit;
using Karma.Activities.Configuration;
using Karma.Activities.Git;
using Karma.Activities.Lifecycle;
using Karma.Activities.Terraform;
using Karma.Core.Ports;
using Temporalio.Worker;

namespace Karma.Workflows.Hosting;

/// <summary>
/// The one place that registers Karma's lifecycle workflows and activities on a worker, over the configured stores,
/// Git and Terraform. Local mode's background host, `karma worker`, the demo and service mode all use it, so they never drift apart.
/// </summary>
public static class KarmaWorkerComposition
{
    private static readonly TimeSpan FollowerHeartbeatThrottle = TimeSpan.FromMilliseconds(250);

    public static TemporalWorkerOptions AddKarmaLifecycle(
        this TemporalWorkerOptions worker, KarmaOptions options, IParameterStore parameters, IGraphStore graph, IChangeNotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(options);
        var lifecycle = options.ToLifecycleOptions();

        // Terraform activities heartbeat their current output line and followers (karma --wait, status) show it:
        // send it within a quarter second, not the SDK's default of up to a minute (80% of the heartbeat timeout).
        worker.MaxHeartbeatThrottleInterval = FollowerHeartbeatThrottle;
        return worker.AddKarmaLifecycle(
            lifecycle, parameters, graph, notifier, new TerraformRunner(options.Terraform.ToTerraformOptions(options.Home, options.Git.ToCredentials())), new GitConfigLoader(options.Home), AuditStoreFactory.Create(options));
    }

    /// <summary>The same registration from lower-level parts (benchmarks and tests bring their own runner and stores; the audit store defaults to the file).</summary>
    public static TemporalWorkerOptions AddKarmaLifecycle(
        this TemporalWorkerOptions worker,
        LifecycleOptions lifecycle,
        IParameterStore parameters,
        IGraphStore graph,
        IChangeNotifier notifier,
        TerraformRunner terraform,
        GitConfigLoader? git = null,
        IAuditStore? audit = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(lifecycle);
        var committer = lifecycle.ConfigRepository is null || git is null ? null : new GitConfigCommitter(git, lifecycle);

        // Proposals are validated against the config repo whether or not this worker commits to it.
        var reader = git ?? new GitConfigLoader(lifecycle.ResolveHome());
        return worker
            .AddWorkflow<ChangeWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddWorkflow<RolloutWorkflow>()
            .AddWorkflow<GraphBuildWorkflow>()
            .AddAllActivities(new ConfigActivities(parameters, lifecycle, reader, committer))
            .AddAllActivities(new ImpactActivities(graph, parameters, lifecycle))
            .AddAllActivities(new GraphActivities(new GraphRefresher(parameters, graph, lifecycle, git)))
            .AddAllActivities(new AuditActivities(audit ?? new FileAuditStore(lifecycle.ResolveAuditLogPath())))
            .AddAllActivities(new NotificationActivities(notifier))
            .AddAllActivities(new TerraformLifecycleActivities(terraform, parameters, lifecycle));
    }
}
