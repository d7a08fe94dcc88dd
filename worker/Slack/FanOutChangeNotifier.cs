using Karma.Activities.Lifecycle;

namespace Karma.Worker.Slack;

/// <summary>Tells every notifier in order (the log first, so a notification is recorded even when Slack is slow).</summary>
public sealed class FanOutChangeNotifier(IReadOnlyList<IChangeNotifier> notifiers) : IChangeNotifier
{
    public async Task NotifyAsync(ChangeNotification notification, CancellationToken cancellationToken)
    {
        foreach (var notifier in notifiers)
        {
            await notifier.NotifyAsync(notification, cancellationToken);
        }
    }
}
