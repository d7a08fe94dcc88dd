using Karma.Slack.Api;

namespace Karma.Slack.Messages;

/// <summary>An approval request: the main message (with buttons) and the thread replies holding long details.</summary>
public sealed record ApprovalMessages(SlackMessage Main, IReadOnlyList<SlackMessage> ThreadReplies);
