using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Karma.Slack.Hosting;
using Karma.Slack.Interactions;
using Karma.Slack.Tests.Interactions;
using Karma.Slack.Tests.Support;
using Karma.Slack.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Karma.Slack.Tests.Hosting;

/// <summary>
/// A real Kestrel host on 127.0.0.1 set up the way the worker's service host is: AddKarmaSlack, an
/// approval gateway, MapSlackInteractions. Requests are signed exactly as Slack signs them.
/// </summary>
public sealed class InteractionEndpointHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private InteractionEndpointHost(WebApplication app, LocalSlackApi slack, SlackOptions options, ManualTimeProvider clock, ApprovalRulesGateway gateway)
    {
        this.app = app;
        Slack = slack;
        Options = options;
        Clock = clock;
        Gateway = gateway;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
    }

    public LocalSlackApi Slack { get; }

    public SlackOptions Options { get; }

    public ManualTimeProvider Clock { get; }

    public ApprovalRulesGateway Gateway { get; }

    public HttpClient Http { get; }

    public static async Task<InteractionEndpointHost> StartAsync()
    {
        var slack = await LocalSlackApi.StartAsync();
        var options = slack.Options();
        options.Users[HandlerFixture.Bob] = "bob@example.com";
        options.Users[HandlerFixture.Carol] = "carol@example.com";
        options.MaxRequestBodyBytes = 64 * 1024;
        var clock = new ManualTimeProvider(SampleViews.Now);
        var gateway = new ApprovalRulesGateway(clock);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(SlackRetryPolicy.Default with { Delay = (_, _) => Task.CompletedTask });
        builder.Services.AddSingleton<IApprovalGateway>(gateway);
        builder.Services.AddKarmaSlack(options);
        var app = builder.Build();
        app.MapSlackInteractions();
        await app.StartAsync();
        return new InteractionEndpointHost(app, slack, options, clock, gateway);
    }

    public Task<HttpResponseMessage> PostSignedAsync(JsonObject payload, DateTimeOffset? signedAt = null, string? secret = null) =>
        PostSignedAsync(SlackPayloads.Form(payload), signedAt, secret);

    public async Task<HttpResponseMessage> PostSignedAsync(string formBody, DateTimeOffset? signedAt = null, string? secret = null)
    {
        var timestamp = (signedAt ?? Clock.Now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(formBody);
        var signature = SlackRequestVerifier.Sign(secret ?? Options.SigningSecret!, timestamp, body);
        return await PostAsync(body, timestamp, signature);
    }

    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? timestamp, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (timestamp is not null)
        {
            request.Headers.Add(SlackRequestVerifier.TimestampHeader, timestamp);
        }

        if (signature is not null)
        {
            request.Headers.Add(SlackRequestVerifier.SignatureHeader, signature);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Gate?.TrySetResult();
        foreach (var hold in Gateway.Holds.Values)
        {
            hold.TrySetResult();
        }

        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
