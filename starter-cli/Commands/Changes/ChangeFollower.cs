using Karma.Cli.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows;
using Temporalio.Exceptions;

namespace Karma.Cli.Commands.Changes;

/// <summary>
/// Follows a change until a condition holds, reporting on stderr each new step of its timeline and, while Terraform
/// runs, its current output line (<see cref="ProgressLine"/>).
/// </summary>
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
        var progress = console.Progress;

        // With afterStep set, the change was waiting when we started: only a wait after it moved on counts.
        var movedOn = afterStep == 0;
        try
        {
            while (true)
            {
                var snapshot = await TryReadAsync(client, environment, component, changeId, cancellationToken);
                if (snapshot is { Status: var status })
                {
                    foreach (var step in status.Timeline.Skip(reported))
                    {
                        console.Info($"  {step.State.ToWire(),-18} {step.Note}");
                    }

                    reported = Math.Max(reported, status.Timeline.Count);
                    movedOn |= status.State != ChangeState.AwaitingApproval;
                    var newWait = status.State == ChangeState.AwaitingApproval && movedOn;
                    if (status.State.IsTerminal() || (stopAtApproval && newWait))
                    {
                        return status;
                    }

                    // The change stays in its last step while its rollout runs; a rollout waiting for approval is a wait too.
                    if (stopAtApproval && status.State == ChangeState.Committing
                        && await PendingRolloutAsync(client, environment, component, changeId) is { } rollout)
                    {
                        console.Info($"  rollout of {changeId} to its dependents awaits approval ({rollout.Approvals.Count}/{rollout.RequiredApprovals}): karma approve {changeId}");
                        return status;
                    }

                    if (snapshot.TerraformLine is { } line)
                    {
                        progress.Show(line);
                    }
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        finally
        {
            progress.Clear();
        }
    }

    /// <summary>The rollout that followed the change, when it waits for more approvals; null otherwise (or none yet).</summary>
    public static async Task<RolloutStatus?> PendingRolloutAsync(KarmaWorkflowClient client, string environment, ComponentId component, string changeId)
    {
        try
        {
            var rollout = await client.GetRolloutStatusAsync(environment, component, changeId);
            return rollout.State == "awaiting_approval" && rollout.Approvals.Count < rollout.RequiredApprovals ? rollout : null;
        }
        catch (Exception e) when (e is WorkflowQueryFailedException or RpcException)
        {
            return null;
        }
    }

    private static async Task<ChangeSnapshot?> TryReadAsync(
        KarmaWorkflowClient client, string environment, ComponentId component, string changeId, CancellationToken cancellationToken)
    {
        try
        {
            return await ChangeStatusReader.ReadAsync(client, environment, component, changeId, cancellationToken);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.Unavailable)
        {
            // The SDK has retried for several seconds already: the server is gone, and polling it further would only repeat
            // the failure. The change is durable; in local mode the next karma command restarts the server and it goes on.
            throw CliException.Backend(
                $"lost the Temporal server while following {changeId}: {e.Message}. The change is kept; 'karma status {changeId}' " +
                "shows it (in local mode that restarts the background server).", e);
        }
        catch (Exception e) when (e is WorkflowQueryFailedException or RpcException)
        {
            // Between queue and start, or mid-task on a busy worker: ask again.
            return null;
        }
    }
}
