namespace Karma.Slack.Api;

/// <summary>Where a posted message lives: channel id and Slack's timestamp id (<c>ts</c>).</summary>
public sealed record SlackMessageRef(string Channel, string Ts);
