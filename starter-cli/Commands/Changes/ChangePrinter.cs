using System.Globalization;
using Karma.Cli.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Workflows;

namespace Karma.Cli.Commands.Changes;

/// <summary>How a change's status reads in a terminal, and its JSON form.</summary>
internal static class ChangePrinter
{
    public static void PrintStatus(CliConsole console, ChangeStatus status)
    {
        if (console.IsJson)
        {
            console.WriteJson(status);
            return;
        }

        var output = console.Out;
        output.WriteLine($"change {status.ChangeId}: {status.Component} in {status.Environment} — {status.State.ToWire()}");
        output.WriteLine($"  requested by {status.RequestedBy}{(string.IsNullOrWhiteSpace(status.Reason) ? string.Empty : $": {status.Reason}")}");
        if (status.QueuePosition > 0)
        {
            output.WriteLine($"  queue position {status.QueuePosition} (waits for the component's earlier changes)");
        }

        foreach (var step in status.Timeline)
        {
            output.WriteLine($"  {step.At.ToString("u", CultureInfo.InvariantCulture)}  {step.State.ToWire(),-18} {step.Note}");
        }

        if (status.Plan is { } plan)
        {
            PrintPlan(console, plan);
        }

        if (status.State == ChangeState.AwaitingApproval)
        {
            output.WriteLine($"  approvals {status.Approvals.Count}/{status.RequiredApprovals}" +
                (status.ApprovalDeadline is { } deadline ? $", expires {deadline.ToString("u", CultureInfo.InvariantCulture)}" : string.Empty));
            output.WriteLine($"  approve: karma approve {status.ChangeId}    reject: karma reject {status.ChangeId} --reason TEXT");
        }

        foreach (var approval in status.Approvals)
        {
            output.WriteLine($"  approved by {approval.User} via {approval.Source.ToWire()} at {approval.At.ToString("u", CultureInfo.InvariantCulture)}");
        }

        foreach (var warning in status.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        if (status.Result is { } result)
        {
            output.WriteLine($"  result: {result.Status}{(result.Reason is null ? string.Empty : $" ({result.Reason})")}; affected: {string.Join(", ", result.AffectedComponents)}");
        }
    }

    public static void PrintPlan(CliConsole console, PlanView plan)
    {
        console.Out.WriteLine($"  plan: {plan.Add} to add, {plan.Change} to change, {plan.Destroy} to destroy");
        foreach (var destroyed in plan.Destroys)
        {
            console.Out.WriteLine($"    ! destroys {destroyed}");
        }
    }

    /// <summary>The exit code a finished (or stopped) change maps to.</summary>
    public static int ExitCodeFor(ChangeState state) => state switch
    {
        ChangeState.Applied or ChangeState.Planned or ChangeState.NoChanges or ChangeState.AwaitingApproval or ChangeState.Queued => ExitCodes.Ok,
        _ when state.IsTerminal() => ExitCodes.Failed,
        _ => ExitCodes.Ok,
    };
}
