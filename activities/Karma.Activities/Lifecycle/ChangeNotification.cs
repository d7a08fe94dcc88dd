using System.Text.Json.Serialization;

namespace Karma.Activities.Lifecycle;

[JsonConverter(typeof(JsonStringEnumConverter<ChangeNotificationKind>))]
public enum ChangeNotificationKind
{
    PlanReady,
    ApprovalNeeded,
    ApprovalReminder,
    Approved,
    Rejected,
    Expired,
    Applied,
    Failed,
    DriftDetected,
}

/// <summary>What a notifier tells people. Carries a plan summary, never plan contents or config values.</summary>
/// <param name="WorkflowId">Where approvers find the change (CLI: <c>karma approve</c>; UI: this id).</param>
public sealed record ChangeNotification(
    ChangeNotificationKind Kind,
    string Environment,
    string Component,
    string ChangeId,
    string WorkflowId,
    string RequestedBy,
    string Text,
    string? PlanSummary = null);

/// <summary>Tells people about changes. The CLI/log notifier now; Slack implements the same interface.</summary>
public interface IChangeNotifier
{
    Task NotifyAsync(ChangeNotification notification, CancellationToken cancellationToken);
}
