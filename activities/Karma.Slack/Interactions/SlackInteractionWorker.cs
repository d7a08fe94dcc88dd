using Karma.Slack.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Slack.Interactions;

/// <summary>
/// Processes queued interactions one at a time (in arrival order, so two clicks on one change are seen
/// in the order Slack sent them). One failing interaction is logged and does not stop the others.
/// </summary>
public sealed class SlackInteractionWorker : BackgroundService
{
    private readonly SlackInteractionInbox queue;
    private readonly SlackInteractionHandler handler;
    private readonly ILogger logger;

    public SlackInteractionWorker(SlackInteractionInbox queue, SlackInteractionHandler handler, ILogger<SlackInteractionWorker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        this.queue = queue;
        this.handler = handler;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var interaction in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await handler.ProcessAsync(interaction, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) // the loop serves every later click; the failure is logged with its exception
            {
                SlackLog.ProcessingFailed(logger, interaction.Type, ex);
            }
        }
    }
}
