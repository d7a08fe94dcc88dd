using System.CommandLine;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Lifecycle;
using Karma.Workflows;

namespace Karma.Cli.Commands.Changes;

/// <summary><c>karma approve &lt;change-id&gt; [--comment]</c> and <c>karma reject &lt;change-id&gt; --reason TEXT</c>.</summary>
internal static class VoteCommands
{
    public static Command CreateApprove(GlobalOptions globals, CliConsole console)
    {
        var changeId = new Argument<string>("change-id");
        var comment = new Option<string?>("--comment") { Description = "Recorded with the approval." };
        var command = new Command("approve", "Approve a change that waits for approval.") { changeId, comment };
        command.SetAction((parsed, cancellationToken) =>
            VoteAsync(parsed, globals, console, parsed.GetRequiredValue(changeId), parsed.GetValue(comment), approve: true, follow: false, cancellationToken));
        return command;
    }

    public static Command CreateReject(GlobalOptions globals, CliConsole console)
    {
        var changeId = new Argument<string>("change-id");
        var reason = new Option<string>("--reason") { Description = "Why: recorded and shown to the proposer.", Required = true };
        var command = new Command("reject", "Reject a change that waits for approval.") { changeId, reason };
        command.SetAction((parsed, cancellationToken) =>
            VoteAsync(parsed, globals, console, parsed.GetRequiredValue(changeId), parsed.GetRequiredValue(reason), approve: false, follow: false, cancellationToken));
        return command;
    }

    public static async Task<int> VoteAsync(
        ParseResult parsed, GlobalOptions globals, CliConsole console, string changeId, string? comment, bool approve, bool follow, CancellationToken cancellationToken)
    {
        using var session = await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
        await using var connection = await LifecycleConnection.OpenAsync(session, cancellationToken);
        var address = await ChangeLocator.FindAsync(connection.Client, changeId, cancellationToken);
        var before = await connection.Client.GetStatusAsync(address.Environment, address.Component, changeId);
        var vote = new ApprovalVote(changeId, CliIdentity.Resolve(session.Options), ChangeSource.Cli, comment);
        // An applied change whose rollout to dependents waits: the vote is on the rollout (same change id).
        var rollout = before.State == ChangeState.Committing
            && await ChangeFollower.PendingRolloutAsync(connection.Client, address.Environment, address.Component, changeId) is not null;
        ApprovalAnswer answer;
        try
        {
            answer = (approve, rollout) switch
            {
                (true, true) => await connection.Client.ApproveRolloutAsync(address.Environment, address.Component, vote),
                (false, true) => await connection.Client.RejectRolloutAsync(address.Environment, address.Component, vote),
                (true, false) => await connection.Client.ApproveAsync(address.Environment, address.Component, vote),
                (false, false) => await connection.Client.RejectAsync(address.Environment, address.Component, vote),
            };
        }
        catch (ApprovalRefusedException refused)
        {
            throw CliException.Failed($"{(approve ? "approval" : "rejection")} of {changeId} refused: {refused.Message}", refused);
        }
        catch (ChangeEndedException ended)
        {
            throw CliException.Failed(ended.Message, ended);
        }

        console.Info($"{(approve ? "approved" : "rejected")} {(rollout ? "the rollout of " : string.Empty)}{changeId} as {vote.User}: {answer.Message} ({answer.Approvals}/{answer.RequiredApprovals} approvals)");

        // In local mode the user's own machine does the work: once the vote let the change move on, show it until the end
        // or its next approval wait (with apply, to the end). The background host carries it on either way, so an
        // interrupted approve changes nothing.
        var movedOn = approve && answer.Approvals >= answer.RequiredApprovals;
        if (movedOn && (follow || connection.IsLocalMode))
        {
            var status = await ChangeFollower.FollowAsync(
                console, connection.Client, address.Environment, address.Component, changeId, stopAtApproval: !follow, cancellationToken, before.Timeline.Count);
            ChangePrinter.PrintStatus(console, status);
            return ChangePrinter.ExitCodeFor(status.State);
        }

        if (console.IsJson)
        {
            console.WriteJson(answer);
        }

        return ExitCodes.Ok;
    }
}
