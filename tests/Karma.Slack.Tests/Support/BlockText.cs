using System.Text.Json.Nodes;
using Karma.Slack.Api;

namespace Karma.Slack.Tests.Support;

/// <summary>Reads Block Kit back as plain strings for assertions.</summary>
public static class BlockText
{
    /// <summary>Every string anywhere in the message (text and blocks), joined by newlines.</summary>
    public static string All(SlackMessage message) => message.Text + "\n" + string.Join("\n", Strings(message.Blocks));

    public static string All(JsonNode? node) => string.Join("\n", Strings(node));

    public static JsonObject? BlockOfType(SlackMessage message, string type) =>
        message.Blocks!.OfType<JsonObject>().FirstOrDefault(b => b["type"]!.GetValue<string>() == type);

    public static IReadOnlyList<JsonObject> Buttons(SlackMessage message) =>
        BlockOfType(message, "actions") is { } actions ? actions["elements"]!.AsArray().OfType<JsonObject>().ToList() : [];

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
