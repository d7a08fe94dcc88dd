using System.Text.Json;
using Karma.Core.Inference;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Core.Queries;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Karma.Activities.Lifecycle;

public sealed record ImpactInput(string Environment, ComponentId Component);

/// <param name="Downstream">Every component that depends on this one, directly or not (what a change may affect).</param>
/// <param name="Consumers">Direct consumers and the runtime keys they declare (<c>runtime_keys</c>); empty keys = undeclared.</param>
/// <param name="CurrentRuntimeJson">The runtime before the change, to tell later which values changed.</param>
public sealed record ImpactReport(
    IReadOnlyList<ComponentId> Downstream,
    IReadOnlyList<ConsumedKeys> Consumers,
    string? CurrentRuntimeJson);

public sealed record RolloutGraphInput(string Environment, ComponentId Origin);

/// <param name="Reads">What the member reads from the origin or other members (empty keys = undeclared: any change counts).</param>
/// <param name="NeverApplied">Why the member was never applied (it has no published config: nothing to re-plan), or null.</param>
/// <param name="HasRuntime">Whether Parameter Store holds a runtime for it (one sign of a past apply).</param>
/// <param name="RuntimeJson">The member's runtime before the rollout, to tell after its apply which values changed.</param>
public sealed record RolloutMember(
    ComponentId Component, IReadOnlyList<ConsumedKeys> Reads, string? NeverApplied = null, bool HasRuntime = true, string? RuntimeJson = null);

public sealed record RolloutGraph(IReadOnlyList<IReadOnlyList<ComponentId>> Waves, IReadOnlyList<RolloutMember> Members);

/// <summary>Graph impact of changing one component. Read-only: safe to retry.</summary>
public sealed class ImpactActivities(IGraphStore graph, IParameterStore parameters, LifecycleOptions options)
{
    [Activity]
    public async Task<ImpactReport> AnalyzeImpactAsync(ImpactInput input)
    {
        var ct = ActivityExecutionContext.Current.CancellationToken;
        var runtime = await parameters.TryGetAsync(RuntimePath(input.Component), withDecryption: false, ct);
        var stored = await graph.LoadLatestAsync(input.Environment, ct);
        var queries = stored is null ? null : new GraphQueries(stored.Graph);
        if (queries is null || !queries.Contains(input.Component))
        {
            // A component the graph does not know yet (its first change) has no dependents.
            return new ImpactReport([], [], runtime?.Value);
        }

        var consumers = new List<ConsumedKeys>();
        foreach (var consumer in queries.Consumers(input.Component))
        {
            consumers.Add(new ConsumedKeys(consumer, input.Component, await DeclaredKeysAsync(consumer, input.Component, ct)));
        }

        return new ImpactReport(queries.Downstream(input.Component), consumers, runtime?.Value);
    }

    /// <summary>
    /// Every downstream component of <see cref="RolloutGraphInput.Origin"/> in waves (topological layers), with the runtime
    /// keys each reads from the origin or from another member, and whether it was ever applied. Read-only: safe to retry.
    /// </summary>
    [Activity]
    public async Task<RolloutGraph> PlanRolloutAsync(RolloutGraphInput input)
    {
        var ct = ActivityExecutionContext.Current.CancellationToken;
        var stored = await graph.LoadLatestAsync(input.Environment, ct);
        if (stored is null)
        {
            return new RolloutGraph([], []);
        }

        var queries = new GraphQueries(stored.Graph);
        if (!queries.Contains(input.Origin))
        {
            return new RolloutGraph([], []);
        }

        var members = queries.Downstream(input.Origin);
        var memberSet = members.ToHashSet();
        IReadOnlyList<IReadOnlyList<ComponentId>> waves;
        try
        {
            waves = queries.RolloutWaves(members);
        }
        catch (DependencyCycleException e)
        {
            // Retrying cannot untangle a cycle in the stored graph; the rollout fails with the cycle named.
            throw new ApplicationFailureException(e.Message, nameof(DependencyCycleException), nonRetryable: true);
        }

        var rolloutMembers = new List<RolloutMember>();
        foreach (var member in members)
        {
            var config = await parameters.TryGetAsync(ConfigPath(member), withDecryption: false, ct);
            var runtime = await parameters.TryGetAsync(RuntimePath(member), withDecryption: false, ct);
            var reads = queries.Providers(member)
                .Where(p => p == input.Origin || memberSet.Contains(p))
                .Select(p => new ConsumedKeys(member, p, DeclaredKeys(member, config?.Value, p)))
                .ToList();

            // Karma (like Adage) publishes a config before applying it: without one, the member was never applied and
            // a rollout has nothing to re-plan; its first apply is a change of its own.
            var neverApplied = config is null ? $"never applied: no published config at {ConfigPath(member)}" : null;
            rolloutMembers.Add(new RolloutMember(member, reads, neverApplied, runtime is not null, runtime?.Value));
        }

        return new RolloutGraph(waves, rolloutMembers);
    }

    private async Task<IReadOnlyList<string>> DeclaredKeysAsync(ComponentId consumer, ComponentId provider, CancellationToken ct)
    {
        var config = await parameters.TryGetAsync(ConfigPath(consumer), withDecryption: false, ct);
        return DeclaredKeys(consumer, config?.Value, provider);
    }

    private static List<string> DeclaredKeys(ComponentId consumer, string? configJson, ComponentId provider)
    {
        if (configJson is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(configJson);
            return DependencyInferrer.Infer(consumer, document.RootElement, ProviderTypeAliases.Default).KeyReads
                .Where(k => k.Provider == provider).Select(k => k.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        }
        catch (JsonException)
        {
            // A consumer whose published config is not JSON declares nothing; graph build reports it as a problem.
            return [];
        }
    }

    private string ConfigPath(ComponentId component) => $"{options.IacPrefix}/{component.Type}/{component.Nickname}/config";

    private string RuntimePath(ComponentId component) => $"{options.IacPrefix}/{component.Type}/{component.Nickname}/runtime";
}
