using System.Net.WebSockets;
using Karma.Slack.Api;
using Karma.Slack.Hosting;
using Karma.Slack.Interactions;
using Karma.Slack.Messages;
using Karma.Slack.Notifications;
using Karma.Slack.SocketMode;
using Karma.Slack.Tests.Interactions;
using Karma.Slack.Tests.SocketMode;
using Karma.Slack.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Karma.Slack.Tests.SocketMode.SocketModeServer;

namespace Karma.Slack.Tests.Hosting;

public sealed class SocketModeHostTests
{
    [Fact]
    public async Task A_host_configured_for_socket_mode_turns_a_click_envelope_into_a_decision()
    {
        var acked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(async (_, ws) =>
        {
            await SendAsync(ws, Hello());
            await SendAsync(ws, Envelope("env-click", "interactive", SlackPayloads.Click(HandlerFixture.Bob, ApprovalActionIds.Approve, "chg-42")));
            acked.TrySetResult((await ReceiveAsync(ws))["envelope_id"]!.GetValue<string>());
            var buffer = new byte[1024];
            try
            {
                while ((await ws.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (WebSocketException)
            {
                // The host stopped without a close handshake.
            }
        });
        var clock = new ManualTimeProvider(SampleViews.Now);
        var gateway = new ApprovalRulesGateway(clock);
        gateway.Add(SampleViews.Payments(), "bob@example.com");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SLACK_BOT_TOKEN"] = LocalSlackApi.BotToken,
            ["Karma:Slack:AppToken"] = LocalSlackApi.AppToken,
            ["Karma:Slack:SigningSecret"] = "unused-in-socket-mode",
            ["Karma:Slack:ApiBaseUrl"] = server.Slack.ApiUrl.ToString(),
            ["Karma:Slack:Users:" + HandlerFixture.Bob] = "bob@example.com",
            ["Karma:Slack:Channels:prod"] = SlackPayloads.Channel,
        });
        builder.Services.AddSingleton<IApprovalGateway>(gateway);
        builder.Services.AddKarmaSlack(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal("env-click", await acked.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            var update = Assert.Single(await server.Slack.WaitForAsync("chat.update"));
            Assert.Contains("Approved by *bob@example.com*", BlockText.All(update.Json["blocks"]), StringComparison.Ordinal);
            Assert.Equal("Bearer " + LocalSlackApi.BotToken, update.Authorization);
            Assert.IsType<SlackApprovalNotifier>(host.Services.GetRequiredService<IApprovalNotifier>());
            Assert.NotNull(host.Services.GetRequiredService<SlackSocketModeClient>());
        }
        finally
        {
            await host.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void Without_an_app_token_no_socket_mode_service_is_registered()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SLACK_BOT_TOKEN"] = "xoxb-x" }).Build();

        services.AddLogging();
        services.AddSingleton<IApprovalGateway>(new ApprovalRulesGateway(TimeProvider.System));
        services.AddKarmaSlack(configuration);
        using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.Contains(hosted, s => s is SlackInteractionWorker);
        Assert.DoesNotContain(hosted, s => s is SlackSocketModeService);
        Assert.Null(provider.GetService<SlackSocketModeClient>());
        Assert.NotNull(provider.GetRequiredService<SlackClient>());
    }
}
