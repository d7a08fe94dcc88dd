using System.Text.Json.Nodes;

namespace Karma.Slack.Tests.Support;

/// <summary>One request the local Slack API received, exactly as sent.</summary>
public sealed record RecordedCall(string Method, string? Authorization, string? ContentType, string Body, IReadOnlyDictionary<string, string> Form)
{
    public JsonObject Json => JsonNode.Parse(Body) as JsonObject ?? throw new InvalidOperationException($"{Method} body is not a JSON object: {Body}");
}
