using System.Text.Json.Nodes;
using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Karma.Slack.Interactions;
using Karma.Slack.Notifications;
using Karma.Slack.Tests.Support;

namespace Karma.Slack.Tests.Interactions;

/// <summary>A handler wired to a real Slack client against the local Slack API and the in-test approval rules.</summary>
public sealed class HandlerFixture : IAsyncDisposable
{
    public const string Alice = "U0ALICE"; // proposer
    public const string Bob = "U0BOB"; // approver
    public const string Carol = "U0CAROL"; // approver
    public const string Dave = "U0DAVE"; // known, not an approver
    public const string Eve = "U0EVE"; // unknown to Karma

    private HandlerFixture(LocalSlackApi slack, SlackOptions options, ManualTimeProvider clock)
    {
        Slack = slack;
        Options = options;
        Clock = clock;
        Gateway = new ApprovalRulesGateway(clock);
        var client = slack.Client(options, delays: []);
        Notifier = new SlackApprovalNotifier(client, options);
        Handler = new SlackInteractionHandler(client, Gateway, new SlackIdentityResolver(options, client), Notifier);
    }

    public LocalSlackApi Slack { get; }

    public SlackOptions Options { get; }

    public ManualTimeProvider Clock { get; }

    public ApprovalRulesGateway Gateway { get; }

    public SlackApprovalNotifier Notifier { get; }

    public SlackInteractionHandler Handler { get; }

    public static async Task<HandlerFixture> StartAsync(Action<SlackOptions>? configure = null)
    {
        var slack = await LocalSlackApi.StartAsync();
        var options = slack.Options();
        options.Users[Alice] = "alice@example.com";
        options.Users[Bob] = "bob@example.com";
        options.Users[Carol] = "carol@example.com";
        options.Users[Dave] = "dave@example.com";
        configure?.Invoke(options);
        return new HandlerFixture(slack, options, new ManualTimeProvider(SampleViews.Now));
    }

    /// <summary>Parses the form body exactly as the endpoint does, acknowledges, then processes.</summary>
    public async Task<SlackAck> InteractAsync(JsonObject payload)
    {
        var interaction = SlackInteractionParser.ParseForm(SlackPayloads.Form(payload));
        var ack = SlackInteractionHandler.Acknowledge(interaction);
        if (ack.HasWork)
        {
            await Handler.ProcessAsync(interaction, TestContext.Current.CancellationToken);
        }

        return ack;
    }

    public IReadOnlyList<string> EphemeralsTo(string userId) =>
        Slack.CallsTo("chat.postEphemeral").Where(c => c.Json["user"]!.GetValue<string>() == userId).Select(c => c.Json["text"]!.GetValue<string>()).ToList();

    public IReadOnlyList<JsonObject> Updates => Slack.CallsTo("chat.update").Select(c => c.Json).ToList();

    public static SlackMessage AsMessage(JsonObject update) => new(update["text"]!.GetValue<string>(), update["blocks"]!.AsArray());

    public async ValueTask DisposeAsync()
    {
        Notifier.Dispose();
        await Slack.DisposeAsync();
    }
}
