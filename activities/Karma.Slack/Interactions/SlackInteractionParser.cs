using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Karma.Slack.Interactions;

/// <summary>
/// Reads interaction payloads: the HTTP form body <c>payload=&lt;json&gt;</c>, or the JSON payload of a
/// Socket Mode envelope. Bad input becomes <see cref="SlackPayloadException"/> naming the missing field.
/// </summary>
public static class SlackInteractionParser
{
    public static SlackInteraction ParseForm(string formBody)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        var form = QueryHelpers.ParseQuery(formBody);
        if (!form.TryGetValue("payload", out var payload) || string.IsNullOrWhiteSpace(payload.ToString()))
        {
            throw new SlackPayloadException("The interaction body has no 'payload' form field.");
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(payload.ToString());
        }
        catch (JsonException ex)
        {
            throw new SlackPayloadException($"The interaction 'payload' is not JSON: {ex.Message}", ex);
        }

        return ParsePayload(json);
    }

    public static SlackInteraction ParsePayload(JsonNode? payload)
    {
        if (payload is not JsonObject json)
        {
            throw new SlackPayloadException("The interaction payload is not a JSON object.");
        }

        var type = RequiredString(json, "type", "payload");
        var user = json["user"] as JsonObject ?? throw new SlackPayloadException($"The {type} payload has no 'user' object.");
        var userId = RequiredString(user, "id", "payload.user");
        var userName = String(user, "username") ?? String(user, "name");

        return type switch
        {
            "block_actions" => BlockActions(json, userId, userName),
            "view_submission" => ViewSubmission(json, userId, userName),
            _ => new OtherInteraction(type, userId),
        };
    }

    private static BlockActionInteraction BlockActions(JsonObject json, string userId, string? userName)
    {
        var actions = json["actions"] as JsonArray;
        if (actions is null || actions.Count == 0 || actions[0] is not JsonObject action)
        {
            throw new SlackPayloadException("The block_actions payload has no 'actions'.");
        }

        var container = json["container"] as JsonObject;
        var channel = (container is null ? null : String(container, "channel_id"))
            ?? (json["channel"] is JsonObject ch ? String(ch, "id") : null);
        var messageTs = (container is null ? null : String(container, "message_ts"))
            ?? (json["message"] is JsonObject msg ? String(msg, "ts") : null);

        return new BlockActionInteraction(
            userId,
            userName,
            RequiredString(action, "action_id", "payload.actions[0]"),
            String(action, "value"),
            channel,
            messageTs,
            String(json, "trigger_id"));
    }

    private static ViewSubmissionInteraction ViewSubmission(JsonObject json, string userId, string? userName)
    {
        var view = json["view"] as JsonObject ?? throw new SlackPayloadException("The view_submission payload has no 'view'.");
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (view["state"] is JsonObject state && state["values"] is JsonObject values)
        {
            foreach (var (blockId, block) in values)
            {
                // Karma's modals have one input per block; the block id names it.
                if (block is JsonObject elements && elements.FirstOrDefault().Value is JsonObject element)
                {
                    inputs[blockId] = String(element, "value");
                }
            }
        }

        return new ViewSubmissionInteraction(
            userId,
            userName,
            RequiredString(view, "callback_id", "payload.view"),
            String(view, "private_metadata"),
            inputs);
    }

    private static string RequiredString(JsonObject json, string name, string where) =>
        String(json, name) is { Length: > 0 } value
            ? value
            : throw new SlackPayloadException($"'{where}.{name}' is missing or not a string.");

    private static string? String(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
