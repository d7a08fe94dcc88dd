using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Karma.Slack.Interactions;
using Karma.Slack.Messages;
using Karma.Slack.Notifications;
using Karma.Slack.SocketMode;
using Karma.Slack.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Karma.Slack.Hosting;

/// <summary>
/// Registers Karma's Slack pieces. The host still provides an <see cref="IApprovalGateway"/> (the change
/// lifecycle) and maps the endpoint with <see cref="SlackInteractionEndpoint.MapSlackInteractions"/>.
/// With <see cref="SlackOptions.SocketMode"/> the Socket Mode connection runs as a hosted service too.
/// </summary>
public static class SlackServiceCollectionExtensions
{
    public static IServiceCollection AddKarmaSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddKarmaSlack(SlackOptionsLoader.Load(configuration));
    }

    public static IServiceCollection AddKarmaSlack(this IServiceCollection services, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(SlackRetryPolicy.Default);
        services.TryAddSingleton(sp => new SlackClient(
            // Pooled connections are recycled so DNS changes on Slack's side are picked up.
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) },
            sp.GetRequiredService<SlackOptions>(),
            sp.GetRequiredService<SlackRetryPolicy>(),
            sp.GetService<ILogger<SlackClient>>()));
        services.TryAddSingleton(sp => new SlackRequestVerifier(
            sp.GetRequiredService<SlackOptions>().SigningSecret
                ?? throw new SlackConfigurationException($"{SlackOptions.SectionName}:SigningSecret (or SLACK_SIGNING_SECRET) is not configured."),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ApprovalMessageBuilder>(_ => new ApprovalMessageBuilder());
        services.TryAddSingleton<SlackApprovalNotifier>();
        services.TryAddSingleton<IApprovalNotifier>(sp => sp.GetRequiredService<SlackApprovalNotifier>());
        services.TryAddSingleton<SlackIdentityResolver>();
        services.TryAddSingleton<SlackInteractionHandler>();
        services.TryAddSingleton(sp => new SlackInteractionInbox(sp.GetRequiredService<SlackOptions>().InteractionQueueCapacity));
        services.AddHostedService(sp => new SlackInteractionWorker(
            sp.GetRequiredService<SlackInteractionInbox>(),
            sp.GetRequiredService<SlackInteractionHandler>(),
            sp.GetService<ILogger<SlackInteractionWorker>>(),
            sp.GetRequiredService<SlackOptions>().InteractionConcurrency));
        if (options.SocketMode)
        {
            services.TryAddSingleton<SocketModeInteractionDispatcher>();
            services.TryAddSingleton(sp => new SlackSocketModeClient(
                sp.GetRequiredService<SlackClient>(),
                sp.GetRequiredService<SocketModeInteractionDispatcher>(),
                logger: sp.GetService<ILogger<SlackSocketModeClient>>()));
            services.AddHostedService<SlackSocketModeService>();
        }

        return services;
    }
}
