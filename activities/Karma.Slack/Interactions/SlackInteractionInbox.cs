using System.Threading.Channels;

namespace Karma.Slack.Interactions;

/// <summary>
/// Interactions acknowledged but not yet processed. Bounded: when full, <see cref="TryEnqueue"/> fails and
/// the endpoint answers 503 (Slack shows the user an error) instead of accepting work it cannot do.
/// </summary>
public sealed class SlackInteractionInbox
{
    private readonly Channel<SlackInteraction> channel;

    public SlackInteractionInbox(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        channel = Channel.CreateBounded<SlackInteraction>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public ChannelReader<SlackInteraction> Reader => channel.Reader;

    public bool TryEnqueue(SlackInteraction interaction) => channel.Writer.TryWrite(interaction);
}
