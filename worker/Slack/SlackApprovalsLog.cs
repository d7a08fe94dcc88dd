using Karma.Activities.Lifecycle;

namespace Karma.Worker.Slack;

/// <summary>The Slack approval wiring's log lines. None carries a token, a config value or a message body.</summary>
internal static partial class SlackApprovalsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Slack: approval request for {Change} posted to {Channel} (ts {Ts})")]
    public static partial void RequestPosted(ILogger logger, string change, string channel, string ts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack: could not deliver the {Kind} notification of {Change}; the change goes on without it")]
    public static partial void DeliveryFailed(ILogger logger, ChangeNotificationKind kind, string change, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack approvals: {Mode}")]
    public static partial void Enabled(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack approvals: a bot token is set but neither a signing secret (/slack/interactions) nor Socket Mode; clicks cannot reach Karma")]
    public static partial void NoInbound(ILogger logger);
}
