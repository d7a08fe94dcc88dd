using Karma.Slack.Api;
using Karma.Slack.Configuration;
using Karma.Slack.Logging;
using Karma.Slack.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Slack.Notifications;

/// <summary>
/// <see cref="IApprovalNotifier"/> on the Slack Web API. Updates of one message are applied in version
/// order: an update carrying an older <see cref="ApprovalState.Version"/> than one already shown is
/// skipped, so a slow click handler cannot put the buttons back after the decision.
/// </summary>
public sealed class SlackApprovalNotifier : IApprovalNotifier, IDisposable
{
    private const int RememberedMessages = 10_000;

    private readonly SlackClient slack;
    private readonly SlackOptions options;
    private readonly ApprovalMessageBuilder builder;
    private readonly ILogger logger;

    // One lock for all updates: approval traffic is low, and it makes "compare version, update, record" atomic.
    private readonly SemaphoreSlim updateGate = new(1, 1);
    private readonly Dictionary<(string ChangeId, SlackMessageRef Message), long> shownVersions = [];
    private readonly Queue<(string ChangeId, SlackMessageRef Message)> shownOrder = new();

    public SlackApprovalNotifier(SlackClient slack, SlackOptions options, ApprovalMessageBuilder? builder = null, ILogger<SlackApprovalNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(slack);
        ArgumentNullException.ThrowIfNull(options);
        this.slack = slack;
        this.options = options;
        this.builder = builder ?? new ApprovalMessageBuilder();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<SlackMessageRef> RequestApprovalAsync(ApprovalRequestView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var channel = options.ChannelFor(view.Environment);
        var messages = builder.BuildRequest(view);
        var posted = await slack.PostMessageAsync(channel, messages.Main, cancellationToken);
        foreach (var reply in messages.ThreadReplies)
        {
            await slack.PostReplyAsync(posted, reply, broadcast: false, cancellationToken);
        }

        return posted;
    }

    public async Task ShowStateAsync(SlackMessageRef message, ApprovalState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(state);
        var rendered = builder.BuildState(state);
        await updateGate.WaitAsync(cancellationToken);
        try
        {
            var key = (state.View.ChangeId, message);
            if (shownVersions.TryGetValue(key, out var shown) && shown >= state.Version)
            {
                SlackLog.StaleUpdateSkipped(logger, state.View.ChangeId, state.Version, shown);
                return;
            }

            await slack.UpdateMessageAsync(message, rendered, cancellationToken);
            Remember(key, state.Version);
        }
        finally
        {
            updateGate.Release();
        }
    }

    public async Task PostProgressAsync(SlackMessageRef message, ApprovalRequestView view, ProgressUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(update);
        // A failure matters to everyone in the channel, not only to those following the thread.
        await slack.PostReplyAsync(message, ApprovalMessageBuilder.BuildProgress(view, update), update.Kind == ProgressKind.Failed, cancellationToken);
    }

    public async Task RemindAsync(SlackMessageRef message, ApprovalRequestView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await slack.PostReplyAsync(message, ApprovalMessageBuilder.BuildReminder(view), broadcast: true, cancellationToken);
    }

    public void Dispose() => updateGate.Dispose();

    private void Remember((string ChangeId, SlackMessageRef Message) key, long version)
    {
        if (!shownVersions.ContainsKey(key))
        {
            shownOrder.Enqueue(key);
            if (shownOrder.Count > RememberedMessages)
            {
                shownVersions.Remove(shownOrder.Dequeue());
            }
        }

        shownVersions[key] = version;
    }
}
