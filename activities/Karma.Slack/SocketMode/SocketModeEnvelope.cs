using System.Text.Json.Nodes;

namespace Karma.Slack.SocketMode;

/// <summary>One Socket Mode envelope: <c>{envelope_id, type, payload, accepts_response_payload}</c>.</summary>
public sealed record SocketModeEnvelope(string EnvelopeId, string Type, JsonNode? Payload, bool AcceptsResponsePayload);
