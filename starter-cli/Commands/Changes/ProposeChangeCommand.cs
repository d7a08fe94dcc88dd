using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Cli.Commands.Graph;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows;

namespace Karma.Cli.Commands.Changes;

/// <summary>
/// <c>karma propose-change &lt;type&gt; &lt;nickname&gt; --input FILE [--reason TEXT] [--wait]</c>: queues a change,
/// prints its id, its impact and, once planned, the plan; <c>--wait</c> follows it to the end.
/// </summary>
internal static class ProposeChangeCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var type = new Argument<string>("type") { Description = "Component type, e.g. vpc." };
        var nickname = new Argument<string>("nickname") { Description = "Component nickname, e.g. main-vpc." };
        var input = new Option<string>("--input", "-i") { Description = "The complete proposed config (a JSON file).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why: shown to approvers and kept in the audit trail." };
        var wait = new Option<bool>("--wait") { Description = "Follow the change to its end (approval included)." };
        var command = new Command("propose-change", "Propose a config change for one component.") { type, nickname, input, reason, wait };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var component = GraphQueryCommand.ParseComponent($"{parsed.GetRequiredValue(type)}/{parsed.GetRequiredValue(nickname)}");
            var config = ReadConfigFile(parsed.GetRequiredValue(input));
            using var session = await KarmaSession.OpenAsync(parsed, globals, console, cancellationToken);
            ProposedConfigSize.Ensure(session, config, parsed.GetRequiredValue(input));
            var environment = await session.ResolveEnvironmentAsync(cancellationToken);
            await session.CheckChangeEnvironmentAsync(environment, cancellationToken);
            await using var connection = await LifecycleConnection.OpenAsync(session, cancellationToken);
            return await ProposeAsync(session, connection, environment, component, config, parsed.GetValue(reason) ?? string.Empty, parsed.GetValue(wait), cancellationToken);
        });
        return command;
    }

    public static async Task<int> ProposeAsync(
        KarmaSession session, LifecycleConnection connection, string environment, ComponentId component, string configJson, string reason, bool wait, CancellationToken cancellationToken)
    {
        var console = session.Console;
        var request = new ChangeRequest(NewChangeId(), component, environment, configJson, CliIdentity.Resolve(session.Options), reason, ChangeSource.Cli);
        var enqueued = await connection.Client.ProposeAsync(request, ChangeOptions.From(session.Options.Changes));
        console.Info($"change {request.ChangeId} proposed for {component} in {environment}" +
            (enqueued.Position > 0 ? $" (queue position {enqueued.Position})" : string.Empty));
        console.Info($"  workflow {enqueued.ChangeWorkflowId} (temporal workflow describe --workflow-id '{enqueued.ChangeWorkflowId}' --address {connection.Address})");
        if (enqueued.Position > 0 && !wait)
        {
            ChangePrinter.PrintStatus(console, await connection.Client.GetStatusAsync(environment, component, request.ChangeId));
            return ExitCodes.Ok;
        }

        var status = await ChangeFollower.FollowAsync(console, connection.Client, environment, component, request.ChangeId, stopAtApproval: !wait, cancellationToken);
        ChangePrinter.PrintStatus(console, status);
        return ChangePrinter.ExitCodeFor(status.State);
    }

    /// <summary>Sortable by time, unique without coordination: <c>c-20261129-153012-a1b2c3</c>.</summary>
    public static string NewChangeId() =>
        $"c-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Reads and checks the proposed config: a JSON object, or a usage error naming file, line and column.</summary>
    public static string ReadConfigFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read --input file '{path}': {e.Message}", e);
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject config
                ? config.ToJsonString()
                : throw CliException.Usage($"'{path}' must hold a JSON object (the component's complete config).");
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"'{path}' is not valid JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {e.Message}", e);
        }
    }
}
