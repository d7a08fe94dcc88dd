using Karma.Slack.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Slack.Interactions;

/// <summary>
/// Processes queued interactions, a few at a time so one slow decision (a Temporal Update waiting on its
/// workflow) does not hold up everyone else's clicks. Concurrent clicks on one change are safe: the
/// lifecycle serialises decisions and the notifier never shows an older state over a newer one.
/// One failing interaction is logged and does not stop the others.
/// </summary>
public sealed class SlackInteractionWorker : BackgroundService
{
    private readonly SlackInteractionInbox queue;
    private readonly SlackInteractionHandler handler;
    private readonly ILogger logger;

    private readonly int concurrency;

    public SlackInteractionWorker(SlackInteractionInbox queue, SlackInteractionHandler handler, ILogger<SlackInteractionWorker>? logger = null, int concurrency = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        this.concurrency = concurrency;
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        this.queue = queue;
        this.handler = handler;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stoppingToken };
        await Parallel.ForEachAsync(queue.Reader.ReadAllAsync(stoppingToken), parallel, async (interaction, ct) =>
        {
            try
            {
                await handler.ProcessAsync(interaction, ct);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) // the loop serves every later click; the failure is logged with its exception
            {
                SlackLog.ProcessingFailed(logger, interaction.Type, ex);
            }
        });
    }
}
