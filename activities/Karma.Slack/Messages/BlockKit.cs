using System.Text.Json.Nodes;

namespace Karma.Slack.Messages;

/// <summary>Block Kit element constructors with Slack's documented length limits applied.</summary>
internal static class BlockKit
{
    public const int SectionTextLimit = 3000;
    public const int FieldTextLimit = 2000;
    public const int HeaderTextLimit = 150;
    public const int ButtonValueLimit = 2000;

    public static JsonObject PlainText(string text, int limit = 3000) =>
        new() { ["type"] = "plain_text", ["text"] = SlackText.Truncate(text, limit), ["emoji"] = true };

    public static JsonObject Mrkdwn(string text, int limit = SectionTextLimit) =>
        new() { ["type"] = "mrkdwn", ["text"] = SlackText.Truncate(text, limit) };

    public static JsonObject Header(string text) =>
        new() { ["type"] = "header", ["text"] = PlainText(text, HeaderTextLimit) };

    public static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    public static JsonObject Fields(params string[] fields)
    {
        var array = new JsonArray();
        foreach (var field in fields.Take(10))
        {
            array.Add(Mrkdwn(field, FieldTextLimit));
        }

        return new JsonObject { ["type"] = "section", ["fields"] = array };
    }

    public static JsonObject Context(params string[] elements)
    {
        var array = new JsonArray();
        foreach (var element in elements.Take(10))
        {
            array.Add(Mrkdwn(element));
        }

        return new JsonObject { ["type"] = "context", ["elements"] = array };
    }

    public static JsonObject Divider() => new() { ["type"] = "divider" };

    public static JsonObject Button(string text, string actionId, string value, string? style = null, JsonObject? confirm = null)
    {
        if (value.Length > ButtonValueLimit)
        {
            throw new ArgumentException($"A button value is limited to {ButtonValueLimit} characters by Slack.", nameof(value));
        }

        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(text, 75),
            ["action_id"] = actionId,
            ["value"] = value,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        if (confirm is not null)
        {
            button["confirm"] = confirm;
        }

        return button;
    }

    public static JsonObject Confirm(string title, string text, string confirm, string deny) => new()
    {
        ["title"] = PlainText(title, 100),
        ["text"] = Mrkdwn(text, 300),
        ["confirm"] = PlainText(confirm, 30),
        ["deny"] = PlainText(deny, 30),
    };

    public static JsonObject Actions(string blockId, params JsonObject[] elements) => new()
    {
        ["type"] = "actions",
        ["block_id"] = blockId,
        ["elements"] = new JsonArray(elements),
    };
}
