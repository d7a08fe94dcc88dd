using Microsoft.Extensions.Hosting;

namespace Karma.Slack.SocketMode;

/// <summary>Keeps the Socket Mode connection open for the lifetime of the host.</summary>
public sealed class SlackSocketModeService : BackgroundService
{
    private readonly SlackSocketModeClient client;

    public SlackSocketModeService(SlackSocketModeClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.RunAsync(stoppingToken);
}
