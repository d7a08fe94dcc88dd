using System.CommandLine;
using Karma.Cli.Commands.Graph;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Lifecycle;
using Karma.Workflows;

namespace Karma.Cli.Commands.Changes;

/// <summary>
/// <c>karma deploy &lt;type&gt; &lt;nickname&gt; [--reason TEXT] [--wait]</c>: applies the component's config in Git through
/// the full lifecycle (queue, plan, approval, apply, verify, commit). Unlike propose-change it plans even when the config
/// equals the published one, so drift and never-applied components are deployed; an empty plan ends with no_changes.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var type = new Argument<string>("type") { Description = "Component type, e.g. vpc." };
        var nickname = new Argument<string>("nickname") { Description = "Component nickname, e.g. main-vpc." };
        var reason = new Option<string?>("--reason") { Description = "Why: shown to approvers and kept in the audit trail." };
        var wait = new Option<bool>("--wait") { Description = "Follow the deploy to its end (approval included)." };
        var command = new Command("deploy", "Apply the component's current config in Git through the lifecycle (approval included).") { type, nickname, reason, wait };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var component = GraphQueryCommand.ParseComponent($"{parsed.GetRequiredValue(type)}/{parsed.GetRequiredValue(nickname)}");
            using var session = await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
            var environment = await session.ResolveEnvironmentAsync(cancellationToken);
            var repo = await session.CheckChangeEnvironmentAsync(environment, cancellationToken);
            var config = PlanConfigSource.ReadGitConfig(session, repo, environment, component);
            await using var connection = await LifecycleConnection.OpenAsync(session, cancellationToken);
            var request = new ChangeRequest(ProposeChangeCommand.NewChangeId(), component, environment, config, CliIdentity.Resolve(session.Options),
                parsed.GetValue(reason) ?? "deploy of the config in Git", ChangeSource.Cli);
            var enqueued = await connection.Client.DeployAsync(request, ChangeOptions.From(session.Options.Changes));
            console.Info($"deploy {request.ChangeId} queued for {component} in {environment}" +
                (enqueued.Position > 0 ? $" (queue position {enqueued.Position})" : string.Empty));
            console.Info($"  workflow {enqueued.ChangeWorkflowId} (temporal workflow describe --workflow-id '{enqueued.ChangeWorkflowId}' --address {connection.Address})");
            var follow = parsed.GetValue(wait);
            var status = enqueued.Position > 0 && !follow
                ? await connection.Client.GetStatusAsync(environment, component, request.ChangeId)
                : await ChangeFollower.FollowAsync(console, connection.Client, environment, component, request.ChangeId, stopAtApproval: !follow, cancellationToken);
            ChangePrinter.PrintStatus(console, status);
            return ChangePrinter.ExitCodeFor(status.State);
        });
        return command;
    }
}
