using Microsoft.Extensions.Logging;

namespace Karma.Activities.Lifecycle;

/// <summary>The default notifier: one structured log line per notification (the CLI prints the worker's log).</summary>
public sealed partial class LogChangeNotifier(ILogger<LogChangeNotifier> logger) : IChangeNotifier
{
    public Task NotifyAsync(ChangeNotification notification, CancellationToken cancellationToken)
    {
        LogNotification(logger, notification.Kind, notification.Environment, notification.Component, notification.ChangeId,
            notification.Text, notification.PlanSummary ?? "-", notification.WorkflowId);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "[{Kind}] {Environment} {Component} change {ChangeId}: {Text} (plan: {Plan}; workflow {WorkflowId})")]
    private static partial void LogNotification(ILogger logger, ChangeNotificationKind kind, string environment,
        string component, string changeId, string text, string plan, string workflowId);
}
