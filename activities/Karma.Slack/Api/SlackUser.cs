namespace Karma.Slack.Api;

/// <summary>The parts of users.info Karma uses. <see cref="Email"/> needs the users:read.email scope.</summary>
public sealed record SlackUser(string Id, string? Name, string? RealName, string? Email, bool IsBot, bool IsDeleted);
