using System.Text.Json.Nodes;
using Karma.Cli.Commands.Changes;
using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Queries;
using Karma.Core.Rendering;
using Karma.Workflows;

namespace Karma.Cli.Commands.Demo;

/// <summary>The demo's steps, each printed as it runs. Approvals are given by a second identity, as policy requires.</summary>
internal sealed class DemoScript(KarmaSession session, LifecycleConnection connection, CliConsole console)
{
    public const string Environment = "dev";

    private const string Approver = "demo-approver@karma.local";

    // Policies ask one extra approval when a plan destroys something; the demo has a second approver for that.
    private const string SecondApprover = "second-approver@karma.local";

    private static readonly ComponentId Changed = new("vpc", "main-vpc");

    private readonly KarmaWorkflowClient _client = connection.Client;

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        Step("1/5 build the dependency graph from the config repo and the (empty) Parameter Store");
        var build = await session.CreateGraphBuildService().BuildAsync(session.GraphSources(), cancellationToken);
        console.Out.WriteLine($"    {build.Result.Graph.Nodes.Count} components, {build.Result.Graph.Edges.Count} edges, {build.Result.Errors.Count()} errors");
        var queries = new GraphQueries(build.Result.Graph);

        Step("2/5 deploy every component through the lifecycle, wave by wave (providers before consumers)");
        var configs = await ReadGitConfigsAsync(cancellationToken);
        var waves = queries.RolloutWaves(build.Result.Graph.Nodes.Select(n => n.Id));
        for (var i = 0; i < waves.Count; i++)
        {
            console.Out.WriteLine($"    wave {i + 1}: {string.Join(", ", waves[i])}");
            var results = await Task.WhenAll(waves[i].Select(id => ChangeAndApproveAsync(id, configs[id], "initial deploy", cancellationToken)));
            if (results.Any(state => state != ChangeState.Applied))
            {
                return Fail($"wave {i + 1} did not apply: {string.Join(", ", results.Select(r => r.ToWire()))}");
            }
        }

        Step($"3/5 propose a change to {Changed}: a new CIDR block (its dependents consume vpc_id and vpc_cidr)");
        var config = JsonNode.Parse(configs[Changed])!.AsObject();
        config["cidr_block"] = "10.30.0.0/16";
        var downstream = queries.Downstream(Changed);
        console.Out.WriteLine($"    impact: {downstream.Count} downstream components: {string.Join(", ", downstream)}");
        var request = NewRequest(Changed, config.ToJsonString(), "move the dev VPC to 10.30.0.0/16");
        await _client.ProposeAsync(request);
        var planned = await ChangeFollower.FollowAsync(console, _client, Environment, Changed, request.ChangeId, stopAtApproval: true, cancellationToken);
        ChangePrinter.PrintStatus(console, planned);
        if (planned.State != ChangeState.AwaitingApproval)
        {
            return Fail($"the change did not reach approval: {planned.State.ToWire()}");
        }

        Step($"4/5 approve as {Approver}: apply, capture runtime, verify, then roll out to the dependents");
        await ApproveAsync(Changed, request.ChangeId);
        var rolloutApproved = ApproveRolloutWhenAskedAsync(request.ChangeId, cancellationToken);
        var finished = await ChangeFollower.FollowAsync(console, _client, Environment, Changed, request.ChangeId, stopAtApproval: false, cancellationToken, planned.Timeline.Count);
        ChangePrinter.PrintStatus(console, finished);
        await rolloutApproved;
        if (finished.State != ChangeState.Applied)
        {
            return Fail($"the change ended {finished.State.ToWire()}");
        }

        var result = await _client.GetResultAsync(Environment, Changed, request.ChangeId);
        var rollout = await _client.GetRolloutStatusAsync(Environment, Changed, request.ChangeId);
        console.Out.WriteLine($"    result: {result.Status}; affected: {string.Join(", ", result.AffectedComponents)}");
        foreach (var wave in rollout.Waves)
        {
            console.Out.WriteLine($"    rollout wave {wave.Number}: {wave.State}; applied {string.Join(", ", wave.Planned)}" +
                (wave.Skipped.Count > 0 ? $"; skipped {string.Join(", ", wave.Skipped)}" : string.Empty));
        }

        foreach (var warning in result.Warnings)
        {
            console.Out.WriteLine($"    note: {warning}");
        }

        Step("5/5 the updated graph and the audit trail");
        var rebuilt = await session.CreateGraphBuildService().BuildAsync(session.GraphSources(), cancellationToken);
        await console.Out.WriteAsync(GraphRenderer.Render(rebuilt.Result.Graph, GraphFormat.Table));
        var audit = new Activities.Lifecycle.AuditLog(session.Options.ToLifecycleOptions().ResolveAuditLogPath());
        var entries = await audit.ReadAllAsync(cancellationToken);
        console.Out.WriteLine($"audit trail: {entries.Count} entries in {audit.Path}; the last change's:");
        foreach (var entry in entries.Where(e => e.ChangeId == request.ChangeId || e.Action == AuditActions.TerraformApplied).TakeLast(12))
        {
            console.Out.WriteLine($"    {entry.Timestamp:u}  {entry.Action,-24} {entry.Component,-28} {entry.User,-28} {entry.Status}");
        }

        console.Out.WriteLine();
        console.Out.WriteLine($"summary: {build.Result.Graph.Nodes.Count} components deployed in {waves.Count} waves; {Changed} changed and applied; " +
            $"rollout {rollout.State} across {rollout.Waves.Count} waves; affected: {string.Join(", ", result.AffectedComponents)}");
        return true;
    }

    private async Task<ChangeState> ChangeAndApproveAsync(ComponentId id, string configJson, string reason, CancellationToken cancellationToken)
    {
        var request = NewRequest(id, configJson, reason);
        await _client.ProposeAsync(request);
        var waiting = await ChangeFollower.FollowAsync(SilentConsole, _client, Environment, id, request.ChangeId, stopAtApproval: true, cancellationToken);
        if (waiting.State != ChangeState.AwaitingApproval)
        {
            return waiting.State;
        }

        await ApproveAsync(id, request.ChangeId);
        var done = await ChangeFollower.FollowAsync(SilentConsole, _client, Environment, id, request.ChangeId, stopAtApproval: false, cancellationToken, waiting.Timeline.Count);
        console.Out.WriteLine($"      {id}: {done.State.ToWire()}{(done.Plan is { } plan ? $" ({plan.Add} created)" : string.Empty)}");
        return done.State;
    }

    private async Task ApproveAsync(ComponentId id, string changeId)
    {
        var vote = new ApprovalVote(changeId, Approver, ChangeSource.Cli, "demo approval");
        var answer = await _client.ApproveAsync(Environment, id, vote);
        if (answer.Approvals < answer.RequiredApprovals)
        {
            await _client.ApproveAsync(Environment, id, vote with { User = SecondApprover });
        }
    }

    /// <summary>The rollout of dependents asks for one approval covering all its plans; give it when it is asked.</summary>
    private async Task ApproveRolloutWhenAskedAsync(string changeId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                var rollout = await _client.GetRolloutStatusAsync(Environment, Changed, changeId);
                if (rollout.State == "awaiting_approval")
                {
                    console.Out.WriteLine($"    rollout waits for approval: {string.Join(" | ", rollout.Waves.Select(w => $"wave {w.Number}: {string.Join(", ", w.Planned)}"))}");
                    var vote = new ApprovalVote(changeId, Approver, ChangeSource.Cli, "demo rollout approval");
                    var answer = await _client.ApproveRolloutAsync(Environment, Changed, vote);
                    if (answer.Approvals < answer.RequiredApprovals)
                    {
                        console.Out.WriteLine($"    {answer.Message}: a plan destroys something, so {SecondApprover} approves too");
                        await _client.ApproveRolloutAsync(Environment, Changed, vote with { User = SecondApprover });
                    }

                    return;
                }

                if (rollout.State is "applied" or "failed" or "rejected" or "expired" or "skipped")
                {
                    return;
                }
            }
            catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException)
            {
                // The rollout has not started yet (or the change needed none), or a query timed out on a busy worker.
            }

            if (await ChangeEndedAsync(changeId))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        }
    }

    private async Task<bool> ChangeEndedAsync(string changeId)
    {
        try
        {
            return (await _client.GetStatusAsync(Environment, Changed, changeId)).State.IsTerminal();
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException)
        {
            return false;
        }
    }

    private async Task<Dictionary<ComponentId, string>> ReadGitConfigsAsync(CancellationToken cancellationToken)
    {
        var snapshot = await new Activities.Git.GitConfigLoader(session.Options.Home).LoadAsync(session.GraphSources().Repo, Environment, cancellationToken);
        return snapshot.Config.Documents.ToDictionary(d => d.Id, d => JsonNode.Parse(d.RawJson)!.ToJsonString());
    }

    private ChangeRequest NewRequest(ComponentId id, string configJson, string reason) =>
        new(ProposeChangeCommand.NewChangeId(), id, Environment, configJson, CliIdentity.Resolve(session.Options), reason, ChangeSource.Cli);

    private CliConsole SilentConsole { get; } = new(TextWriter.Null, TextWriter.Null);

    private void Step(string text)
    {
        console.Out.WriteLine();
        console.Out.WriteLine($"== {text}");
    }

    private bool Fail(string reason)
    {
        console.Error.WriteLine($"karma demo: {reason}");
        return false;
    }
}
