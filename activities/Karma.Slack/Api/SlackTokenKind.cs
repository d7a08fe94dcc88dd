namespace Karma.Slack.Api;

/// <summary>Which configured token authenticates a call: the bot token, or the app-level token (Socket Mode).</summary>
public enum SlackTokenKind
{
    Bot,
    App,
}
