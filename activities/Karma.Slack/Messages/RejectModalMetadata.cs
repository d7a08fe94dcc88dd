using System.Text.Json;
using System.Text.Json.Nodes;

namespace Karma.Slack.Messages;

/// <summary>
/// What the reject modal remembers between the click and the submission (its <c>private_metadata</c>,
/// limited to 3,000 characters by Slack): the change and the message the click came from.
/// </summary>
public sealed record RejectModalMetadata(string ChangeId, string? Channel, string? MessageTs)
{
    public string Serialize() => new JsonObject
    {
        ["change"] = ChangeId,
        ["channel"] = Channel,
        ["ts"] = MessageTs,
    }.ToJsonString();

    /// <summary>Parses metadata written by <see cref="Serialize"/>; null when it is not Karma's.</summary>
    public static RejectModalMetadata? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is not JsonObject json
                || json["change"] is not JsonValue change
                || !change.TryGetValue<string>(out var changeId)
                || string.IsNullOrWhiteSpace(changeId))
            {
                return null;
            }

            return new RejectModalMetadata(changeId, Read(json, "channel"), Read(json, "ts"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Read(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
