using Microsoft.Extensions.Logging;

namespace Karma.Slack.Logging;

/// <summary>Every log line this library writes. None takes a token, a signature or a request body.</summary>
internal static partial class SlackLog
{
    [LoggerMessage(1, LogLevel.Warning, "Slack {Method} could not be reached ({Reason}); retry {Attempt} in {Delay}")]
    public static partial void Unreachable(ILogger logger, string method, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Warning, "Slack {Method} rate limited; retrying after {Delay}")]
    public static partial void RateLimited(ILogger logger, string method, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Warning, "Slack {Method} answered HTTP {Status}; retry {Attempt} in {Delay}")]
    public static partial void ServerError(ILogger logger, string method, int status, int attempt, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Warning, "Slack {Method} returned ok:false: {Error}")]
    public static partial void NotOk(ILogger logger, string method, string error);

    [LoggerMessage(10, LogLevel.Warning, "Refused a Slack interaction request: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Malformed Slack interaction: {Reason}")]
    public static partial void MalformedInteraction(ILogger logger, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Slack interaction queue is full; answered 503")]
    public static partial void QueueFull(ILogger logger);

    [LoggerMessage(13, LogLevel.Error, "Processing a Slack interaction ({Type}) failed")]
    public static partial void ProcessingFailed(ILogger logger, string type, Exception exception);

    [LoggerMessage(14, LogLevel.Information, "Slack user {SlackUser} as {Identity}: {Action} {ChangeId} → {Status}")]
    public static partial void Decision(ILogger logger, string slackUser, string identity, string action, string changeId, string status);

    [LoggerMessage(15, LogLevel.Information, "Slack user {SlackUser} has no Karma identity; refused {Action} on {ChangeId}")]
    public static partial void UnknownUser(ILogger logger, string slackUser, string action, string changeId);

    [LoggerMessage(20, LogLevel.Information, "Socket Mode connected ({Connection})")]
    public static partial void SocketConnected(ILogger logger, int connection);

    [LoggerMessage(21, LogLevel.Information, "Socket Mode: Slack asked to reconnect ({Reason})")]
    public static partial void SocketDisconnectRequested(ILogger logger, string reason);

    [LoggerMessage(22, LogLevel.Warning, "Socket Mode connection lost ({Reason}); reconnecting in {Delay}")]
    public static partial void SocketDropped(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(23, LogLevel.Warning, "Socket Mode: ignored a message that is not an envelope ({Reason})")]
    public static partial void SocketBadMessage(ILogger logger, string reason);

    [LoggerMessage(30, LogLevel.Information, "Skipped a stale Slack message update for {ChangeId} (version {Version} ≤ {Shown})")]
    public static partial void StaleUpdateSkipped(ILogger logger, string changeId, long version, long shown);
}
