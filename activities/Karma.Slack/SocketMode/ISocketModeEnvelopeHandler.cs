using System.Text.Json.Nodes;

namespace Karma.Slack.SocketMode;

/// <summary>
/// Handles an envelope quickly (the ack is sent right after) and returns the ack's optional
/// <c>payload</c> (e.g. modal errors), or null for a bare ack.
/// </summary>
public interface ISocketModeEnvelopeHandler
{
    ValueTask<JsonObject?> HandleAsync(SocketModeEnvelope envelope, CancellationToken cancellationToken);
}
