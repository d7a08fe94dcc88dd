using System.Text.Json.Nodes;
using Karma.Slack.Messages;

namespace Karma.Slack.Tests.Support;

/// <summary>Interaction payloads shaped like the examples in Slack's interactivity documentation.</summary>
public static class SlackPayloads
{
    public const string Channel = "C0PROD";
    public const string MessageTs = "1700000000.000042";

    public static JsonObject Click(string userId, string actionId, string changeId, string triggerId = "13345224609.738474920.8088930838d88f008e0") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant(), ["team_id"] = "T0TEAM" },
        ["api_app_id"] = "A0KARMA",
        ["token"] = "verification-token-deprecated",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = MessageTs, ["channel_id"] = Channel, ["is_ephemeral"] = false },
        ["trigger_id"] = triggerId,
        ["team"] = new JsonObject { ["id"] = "T0TEAM", ["domain"] = "example" },
        ["channel"] = new JsonObject { ["id"] = Channel, ["name"] = "karma-prod" },
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = MessageTs, ["text"] = "Approval needed" },
        ["response_url"] = "https://hooks.slack.com/actions/T0TEAM/1/abc",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = actionId,
            ["block_id"] = ApprovalActionIds.ActionsBlock,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Approve" },
            ["value"] = changeId,
            ["type"] = "button",
            ["action_ts"] = "1700000001.000001",
        }),
    };

    public static JsonObject RejectSubmission(string userId, string changeId, string? reason, string? channel = Channel, string? ts = MessageTs) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = "T0TEAM" },
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant() },
        ["view"] = new JsonObject
        {
            ["id"] = "V0MODAL",
            ["type"] = "modal",
            ["callback_id"] = ApprovalActionIds.RejectModalCallback,
            ["private_metadata"] = new RejectModalMetadata(changeId, channel, ts).Serialize(),
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject
                {
                    [ApprovalActionIds.RejectReasonBlock] = new JsonObject
                    {
                        [ApprovalActionIds.RejectReasonInput] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reason },
                    },
                },
            },
        },
    };

    /// <summary>The body Slack POSTs: <c>payload=&lt;url-encoded json&gt;</c>.</summary>
    public static string Form(JsonObject payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString());
}
