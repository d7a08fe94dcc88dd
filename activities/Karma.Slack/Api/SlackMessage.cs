using System.Text.Json.Nodes;

namespace Karma.Slack.Api;

/// <summary>
/// A message body: <see cref="Text"/> is the notification / accessibility fallback Slack requires next to
/// <see cref="Blocks"/> (Block Kit). Blocks are cloned when sent, so one instance can be posted twice.
/// </summary>
public sealed record SlackMessage(string Text, JsonArray? Blocks = null);
