using Temporalio.Activities;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// Sends notifications. Not idempotent, on purpose: a retry after a lost acknowledgement may repeat a message, and
/// a repeated "approval needed" is better than a missing one.
/// </summary>
public sealed class NotificationActivities(IChangeNotifier notifier)
{
    [Activity]
    public Task NotifyAsync(ChangeNotification notification) =>
        notifier.NotifyAsync(notification, ActivityExecutionContext.Current.CancellationToken);
}
