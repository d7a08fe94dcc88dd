using System.Text.Json.Nodes;

namespace Karma.Slack.Interactions;

/// <summary>
/// The immediate answer to an interaction (sent within Slack's 3 s): <see cref="Body"/> is the JSON
/// response (null = empty 200), <see cref="HasWork"/> says whether the interaction is queued for processing.
/// </summary>
public sealed record SlackAck(JsonObject? Body, bool HasWork)
{
    public static SlackAck Queue { get; } = new(null, true);

    public static SlackAck Ignore { get; } = new(null, false);

    /// <summary>A modal answer that shows <paramref name="message"/> under the input <paramref name="blockId"/> and keeps the modal open.</summary>
    public static SlackAck ViewErrors(string blockId, string message) => new(
        new JsonObject
        {
            ["response_action"] = "errors",
            ["errors"] = new JsonObject { [blockId] = message },
        },
        false);
}
