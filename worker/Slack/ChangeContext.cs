using System.Text.Json.Nodes;
using Karma.Activities.Terraform;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Core.Queries;
using Karma.Slack.Messages;
using Karma.Workflows;
using Temporalio.Converters;

namespace Karma.Worker.Slack;

/// <summary>What an approval request shows beyond the change's status: the config diff, the impact and the plan's resources.</summary>
/// <param name="PlanText">The plan resource by resource (<see cref="PlanText"/>), threaded under the request; null when unknown.</param>
public sealed record ChangeContext(IReadOnlyList<ConfigDiffLine> ConfigDiff, IReadOnlyList<string> Downstream, IReadOnlyList<RolloutWave> Waves, string? PlanText = null)
{
    public static ChangeContext Empty { get; } = new([], [], []);
}

/// <summary>
/// Reads a change's context: the proposed config from the change workflow's start input (the status query does
/// not carry it), the published config from Parameter Store, downstream components and rollout waves from the graph,
/// and the plan's resources from the redacted plan JSON beside the plan file (on this machine when this worker planned).
/// </summary>
public sealed class ChangeContextReader(KarmaWorkflowClient workflows, IParameterStore parameters, IGraphStore graph, string prefix)
{
    /// <param name="planRef">The plan file the change's status names, if it has one.</param>
    public async Task<ChangeContext> ReadAsync(SlackChangeReference change, string? planRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await ReadImpactAsync(change, cancellationToken) with { PlanText = await PlanTextAsync(planRef, cancellationToken) };
    }

    /// <summary>The plan as <see cref="PlanText"/> renders it, or null when its redacted JSON is not on this machine or unreadable.</summary>
    private static async Task<string?> PlanTextAsync(string? planRef, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrEmpty(planRef) ? null : SavedPlan.RedactedJsonPathFor(planRef);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken)) as JsonObject;
            return json is null ? null : PlanText.Render(PlanSummaryReader.Read(json, hasChanges: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // The request is still worth posting without its plan details (a retention clean-up may have raced it).
            return null;
        }
    }

    private async Task<ChangeContext> ReadImpactAsync(SlackChangeReference change, CancellationToken cancellationToken)
    {
        var proposed = await ProposedConfigAsync(change, cancellationToken);

        // Karma publishes config as a plain String parameter; nothing is decrypted here.
        var published = await parameters.TryGetAsync(ParameterPaths.Config(prefix, change.Component), withDecryption: false, cancellationToken);
        var diff = proposed is null ? [] : ConfigDiff.Between(published?.Value, proposed);

        var stored = await graph.LoadLatestAsync(change.Environment, cancellationToken);
        if (stored is null)
        {
            return new ChangeContext(diff, [], []);
        }

        var queries = new GraphQueries(stored.Graph);
        if (!queries.Contains(change.Component))
        {
            return new ChangeContext(diff, [], []);
        }

        var downstream = queries.Downstream(change.Component);
        var waves = downstream.Count == 0
            ? []
            : queries.RolloutWaves(downstream).Select((wave, i) => new RolloutWave(i + 1, wave.Select(c => c.ToString()).ToList())).ToList();
        return new ChangeContext(diff, downstream.Select(c => c.ToString()).ToList(), waves);
    }

    private async Task<string?> ProposedConfigAsync(SlackChangeReference change, CancellationToken cancellationToken)
    {
        var handle = workflows.Temporal.GetWorkflowHandle(change.Value);
        await foreach (var first in handle.FetchHistoryEventsAsync(new() { Rpc = new() { CancellationToken = cancellationToken } }))
        {
            var input = first.WorkflowExecutionStartedEventAttributes?.Input?.Payloads_;
            if (input is not { Count: > 0 })
            {
                return null;
            }

            var start = await workflows.Temporal.Options.DataConverter.ToValueAsync<ChangeWorkflowInput>(input[0]);
            return start.Request.ProposedConfigJson;
        }

        return null;
    }
}
