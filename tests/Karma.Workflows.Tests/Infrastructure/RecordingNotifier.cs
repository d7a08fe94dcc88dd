using System.Collections.Concurrent;
using Karma.Activities.Lifecycle;

namespace Karma.Workflows.Tests.Infrastructure;

/// <summary>Keeps every notification so tests can assert who was told what.</summary>
public sealed class RecordingNotifier : IChangeNotifier
{
    public ConcurrentQueue<ChangeNotification> Sent { get; } = new();

    public Task NotifyAsync(ChangeNotification notification, CancellationToken cancellationToken)
    {
        Sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}
