using Karma.Cli.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows;
using Temporalio.Exceptions;

namespace Karma.Cli.Commands.Changes;

/// <summary>Polls a change's status query and reports each new step on stderr until a condition holds.</summary>
internal static class ChangeFollower
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Follows until the change ends, or (when <paramref name="stopAtApproval"/>) until it waits for approval at a
    /// step later than <paramref name="afterStep"/> (so a vote just cast is not mistaken for the next wait).
    /// </summary>
    public static async Task<ChangeStatus> FollowAsync(
        CliConsole console,
        KarmaWorkflowClient client,
        string environment,
        ComponentId component,
        string changeId,
        bool stopAtApproval,
        CancellationToken cancellationToken,
        int afterStep = 0)
    {
        var reported = afterStep;

        // With afterStep set, the change was waiting when we started: only a wait after it moved on counts.
        var movedOn = afterStep == 0;
        while (true)
        {
            var status = await TryStatusAsync(client, environment, component, changeId);
            if (status is not null)
            {
                foreach (var step in status.Timeline.Skip(reported))
                {
                    console.Info($"  {step.State.ToWire(),-18} {step.Note}");
                }

                reported = status.Timeline.Count;
                movedOn |= status.State != ChangeState.AwaitingApproval;
                var newWait = status.State == ChangeState.AwaitingApproval && movedOn;
                if (status.State.IsTerminal() || (stopAtApproval && newWait))
                {
                    return status;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task<ChangeStatus?> TryStatusAsync(KarmaWorkflowClient client, string environment, ComponentId component, string changeId)
    {
        try
        {
            return await client.GetStatusAsync(environment, component, changeId);
        }
        catch (Exception e) when (e is WorkflowQueryFailedException or RpcException)
        {
            // Between queue and start, or mid-task on a busy worker: ask again.
            return null;
        }
    }
}
