namespace Karma.Slack.Tests.Support;

/// <summary>A response the local Slack API plays back instead of its documented default.</summary>
public sealed record ScriptedResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ScriptedResponse NotOk(string error) => new(200, $$"""{"ok":false,"error":"{{error}}"}""");

    public static ScriptedResponse RateLimited(string retryAfterSeconds) =>
        new(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds });

    public static ScriptedResponse ServerError(int status = 503) => new(status, "upstream unavailable");
}
