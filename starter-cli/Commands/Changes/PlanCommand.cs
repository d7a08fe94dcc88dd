using System.CommandLine;
using System.Security.Cryptography;
using Karma.Cli.Commands.Graph;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows;

namespace Karma.Cli.Commands.Changes;

/// <summary>
/// <c>karma plan &lt;type&gt; &lt;nickname&gt; [--input FILE] [--reason TEXT]</c>: a dry run — impact and a real Terraform plan;
/// nothing is approved, published, applied or committed. Without --input it plans the component's config in Git.
/// It runs as its own workflow beside the component's queue, so it never waits behind a change awaiting approval.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var type = new Argument<string>("type") { Description = "Component type, e.g. vpc." };
        var nickname = new Argument<string>("nickname") { Description = "Component nickname, e.g. main-vpc." };
        var input = new Option<string?>("--input", "-i") { Description = "A complete config to plan (a JSON file). Default: the component's config in Git." };
        var reason = new Option<string?>("--reason") { Description = "Why: shown in the run's timeline." };
        var command = new Command("plan", "Dry run: show the impact and the Terraform plan of a config; applies nothing.") { type, nickname, input, reason };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var component = GraphQueryCommand.ParseComponent($"{parsed.GetRequiredValue(type)}/{parsed.GetRequiredValue(nickname)}");
            var inputFile = parsed.GetValue(input);
            var fileConfig = inputFile is null ? null : ProposeChangeCommand.ReadConfigFile(inputFile);
            using var session = await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
            if (fileConfig is not null)
            {
                ProposedConfigSize.Ensure(session, fileConfig, inputFile!);
            }

            var environment = await session.ResolveEnvironmentAsync(cancellationToken);
            var repo = await session.CheckChangeEnvironmentAsync(environment, cancellationToken);
            var config = fileConfig ?? PlanConfigSource.ReadGitConfig(session, repo, environment, component);
            await using var connection = await LifecycleConnection.OpenAsync(session, cancellationToken);
            var request = new ChangeRequest(NewPlanId(), component, environment, config, CliIdentity.Resolve(session.Options),
                parsed.GetValue(reason) ?? (inputFile is null ? "dry run of the config in Git" : $"dry run of {Path.GetFileName(inputFile)}"), ChangeSource.Cli)
            {
                Kind = ChangeKind.Plan,
            };
            var started = await connection.Client.PlanAsync(request, ChangeOptions.From(session.Options.Changes));
            console.Info($"dry run {started.ChangeId} of {component} in {environment}");
            console.Info($"  workflow {started.ChangeWorkflowId} (temporal workflow describe --workflow-id '{started.ChangeWorkflowId}' --address {connection.Address})");
            var status = await ChangeFollower.FollowAsync(console, connection.Client, environment, component, started.ChangeId, stopAtApproval: false, cancellationToken);
            Print(console, status);
            return ChangePrinter.ExitCodeFor(status.State);
        });
        return command;
    }

    /// <summary>Sortable by time, unique without coordination: <c>plan-20261129-153012-a1b2c3</c>.</summary>
    public static string NewPlanId() =>
        $"{ChangeKinds.PlanIdPrefix}{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    private static void Print(CliConsole console, ChangeStatus status)
    {
        if (console.IsJson)
        {
            console.WriteJson(status);
            return;
        }

        var output = console.Out;
        output.WriteLine($"dry run {status.ChangeId}: {status.Component} in {status.Environment} — {status.State.ToWire()}");
        if (status.Result is { } result)
        {
            var downstream = result.AffectedComponents.Where(c => c != status.Component).ToList();
            output.WriteLine(downstream.Count == 0
                ? "  impact: no dependents"
                : $"  impact: {downstream.Count} dependent(s): {string.Join(", ", downstream)}");
        }

        if (status.Plan is { } plan)
        {
            ChangePrinter.PrintPlan(console, plan);
            output.WriteLine($"  plan file: {plan.PlanRef}");
        }

        foreach (var warning in status.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        output.WriteLine(status.State == ChangeState.Planned
            ? "  nothing was applied, published or committed."
            : $"  result: {status.Result?.Status ?? status.State.ToWire()}{(status.Result?.Reason is { } why ? $" ({why})" : string.Empty)}");
    }
}
