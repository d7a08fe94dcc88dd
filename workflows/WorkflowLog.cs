using Microsoft.Extensions.Logging;

namespace Karma.Workflows;

internal static partial class WorkflowLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an approval signal: {Reason}")]
    public static partial void LogIgnoredVote(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Component}: {Warning}")]
    public static partial void LogChangeWarning(this ILogger logger, string component, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a proposal signal: {Reason}")]
    public static partial void LogIgnoredProposal(this ILogger logger, string reason);
}
