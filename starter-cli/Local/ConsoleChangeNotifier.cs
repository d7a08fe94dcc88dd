using Karma.Activities.Lifecycle;
using Karma.Cli.Infrastructure;

namespace Karma.Cli.Local;

/// <summary>Local mode's notifier: approval requests, reminders and results go to the terminal (stderr).</summary>
internal sealed class ConsoleChangeNotifier(CliConsole console) : IChangeNotifier
{
    public Task NotifyAsync(ChangeNotification notification, CancellationToken cancellationToken)
    {
        console.Info($"[{notification.Kind}] {notification.Component} ({notification.Environment}) change {notification.ChangeId}: {notification.Text}");
        return Task.CompletedTask;
    }
}
