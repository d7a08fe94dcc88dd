using Karma.Activities.Configuration;
using Karma.Activities.Lifecycle;
using Karma.Core.Ports;
using Karma.Slack.Configuration;
using Karma.Slack.Hosting;
using Karma.Slack.Interactions;
using Karma.Slack.Notifications;
using Karma.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Temporalio.Client;

namespace Karma.Worker.Slack;

/// <summary>
/// Approvals in Slack for the worker's service host. <see cref="AddKarmaSlackApprovals"/> does nothing unless a bot
/// token is configured; then it registers Karma.Slack (client, notifier, click handler, Socket Mode when an app token
/// is set), the gateway to the change workflows, and makes the lifecycle's <see cref="IChangeNotifier"/> tell Slack
/// as well as the log. <see cref="MapKarmaSlackApprovals"/> maps <c>/slack/interactions</c> when a signing secret is set.
/// </summary>
public static class SlackApprovalsExtensions
{
    public const string SectionPath = "Slack";

    /// <summary>The configuration schema with <c>Karma:Slack</c> shaped like <see cref="SlackOptions"/> (all of its keys validate).</summary>
    public static KarmaConfigurationSchema Schema(KarmaConfigurationSchema? schema = null) =>
        (schema ?? KarmaConfigurationSchema.Default).WithSection(SectionPath, typeof(SlackOptions));

    /// <summary>
    /// Call after the host registered its <see cref="IChangeNotifier"/>, <see cref="IParameterStore"/>,
    /// <see cref="IGraphStore"/> and <see cref="ITemporalClient"/>.
    /// </summary>
    public static IServiceCollection AddKarmaSlackApprovals(this IServiceCollection services, KarmaConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = SlackOptionsLoader.Load(configuration.Configuration);
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            return services;
        }

        var karma = configuration.Options;
        services.AddKarmaSlack(options);
        services.TryAddSingleton(sp => new KarmaWorkflowClient(sp.GetRequiredService<ITemporalClient>(), karma.Temporal.TaskQueue));
        services.TryAddSingleton(new SlackRequestStore(Path.Combine(karma.Home, "slack", "requests")));
        services.TryAddSingleton(sp => new ApprovalViews(
            options.TemporalUiUrl ?? sp.GetService<TemporalUiLocation>()?.Url, karma.Temporal.Namespace));
        services.TryAddSingleton<ChangeApprovalStates>();
        services.TryAddSingleton(sp => new ChangeContextReader(
            sp.GetRequiredService<KarmaWorkflowClient>(), sp.GetRequiredService<IParameterStore>(), sp.GetRequiredService<IGraphStore>(), karma.Prefix));
        services.TryAddSingleton<IApprovalGateway, WorkflowApprovalGateway>();
        services.TryAddSingleton<SlackChangeNotifier>();

        // The host's notifier (the log) keeps working; Slack is told after it.
        var hostNotifier = services.LastOrDefault(d => d.ServiceType == typeof(IChangeNotifier));
        services.RemoveAll<IChangeNotifier>();
        services.AddSingleton<IChangeNotifier>(sp => new FanOutChangeNotifier(
        [
            .. hostNotifier is null ? Array.Empty<IChangeNotifier>() : [Resolve(sp, hostNotifier)],
            sp.GetRequiredService<SlackChangeNotifier>(),
        ]));
        return services;
    }

    /// <summary>Maps <c>POST /slack/interactions</c> when Slack approvals are on and a signing secret is configured.</summary>
    public static WebApplication MapKarmaSlackApprovals(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<SlackOptions>() is not { } options)
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackApprovalsExtensions).FullName!);
        if (!string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            app.MapSlackInteractions();
        }

        var inbound = string.Join(" and ", new[]
        {
            string.IsNullOrWhiteSpace(options.SigningSecret) ? null : SlackInteractionEndpoint.DefaultPattern,
            options.SocketMode ? "Socket Mode" : null,
        }.OfType<string>());
        if (inbound.Length == 0)
        {
            SlackApprovalsLog.NoInbound(logger);
        }
        else
        {
            SlackApprovalsLog.Enabled(logger, inbound);
        }

        return app;
    }

    private static IChangeNotifier Resolve(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IChangeNotifier instance } => instance,
        { ImplementationFactory: { } factory } => (IChangeNotifier)factory(services),
        { ImplementationType: { } type } => (IChangeNotifier)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException($"Cannot resolve the host's {nameof(IChangeNotifier)} registration."),
    };
}
