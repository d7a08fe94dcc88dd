using System.Text.Json.Nodes;
using Karma.Slack.Interactions;
using Karma.Slack.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Slack.SocketMode;

/// <summary>
/// Socket Mode's counterpart of the HTTP endpoint: <c>interactive</c> envelopes are parsed, acknowledged
/// with the handler's immediate answer and queued for the same <see cref="SlackInteractionWorker"/>.
/// Other envelope types (events, slash commands) are acknowledged and ignored.
/// </summary>
public sealed class SocketModeInteractionDispatcher : ISocketModeEnvelopeHandler
{
    private readonly SlackInteractionInbox inbox;
    private readonly ILogger logger;

    public SocketModeInteractionDispatcher(SlackInteractionInbox inbox, ILogger<SocketModeInteractionDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        this.inbox = inbox;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public ValueTask<JsonObject?> HandleAsync(SocketModeEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Type != "interactive")
        {
            return ValueTask.FromResult<JsonObject?>(null);
        }

        SlackInteraction interaction;
        try
        {
            interaction = SlackInteractionParser.ParsePayload(envelope.Payload);
        }
        catch (SlackPayloadException ex)
        {
            SlackLog.MalformedInteraction(logger, ex.Message);
            return ValueTask.FromResult<JsonObject?>(null);
        }

        var ack = SlackInteractionHandler.Acknowledge(interaction);
        if (ack.HasWork && !inbox.TryEnqueue(interaction))
        {
            SlackLog.QueueFull(logger);
        }

        return ValueTask.FromResult(envelope.AcceptsResponsePayload ? ack.Body : null);
    }
}
