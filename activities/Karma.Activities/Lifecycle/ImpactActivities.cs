using System.Text.Json;
using Karma.Core.Inference;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Temporalio.Activities;

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
public sealed record RolloutMember(ComponentId Component, IReadOnlyList<ConsumedKeys> Reads);

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
        if (stored is null)
        {
            return new ImpactReport([], [], runtime?.Value);
        }

        var consumersOf = stored.Graph.Edges
            .Where(e => e.Label is EdgeLabel.DependsOn or EdgeLabel.ConsumesRuntimeFrom)
            .ToLookup(e => e.To, e => e.From);
        var downstream = Downstream(input.Component, consumersOf);
        var consumers = new List<ConsumedKeys>();
        foreach (var consumer in consumersOf[input.Component].Distinct().Order())
        {
            consumers.Add(new ConsumedKeys(consumer, input.Component, await DeclaredKeysAsync(consumer, input.Component, ct)));
        }

        return new ImpactReport(downstream, consumers, runtime?.Value);
    }

    /// <summary>
    /// Every downstream component of <see cref="RolloutGraphInput.Origin"/> in waves (topological layers), with the runtime
    /// keys each reads from the origin or from another member. Read-only: safe to retry.
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

        var edges = stored.Graph.Edges.Where(e => e.Label is EdgeLabel.DependsOn or EdgeLabel.ConsumesRuntimeFrom).ToList();
        var consumersOf = edges.ToLookup(e => e.To, e => e.From);
        var members = Downstream(input.Origin, consumersOf);
        var memberSet = members.ToHashSet();
        var providersOf = edges.ToLookup(e => e.From, e => e.To);
        var waves = RolloutWaves.Layer(members, m => providersOf[m].Where(memberSet.Contains));
        var rolloutMembers = new List<RolloutMember>();
        foreach (var member in members)
        {
            var reads = new List<ConsumedKeys>();
            foreach (var provider in providersOf[member].Distinct().Where(p => p == input.Origin || memberSet.Contains(p)).Order())
            {
                reads.Add(new ConsumedKeys(member, provider, await DeclaredKeysAsync(member, provider, ct)));
            }

            rolloutMembers.Add(new RolloutMember(member, reads));
        }

        return new RolloutGraph(waves.Select(w => (IReadOnlyList<ComponentId>)w.ToList()).ToList(), rolloutMembers);
    }

    private static List<ComponentId> Downstream(ComponentId origin, ILookup<ComponentId, ComponentId> consumersOf)
    {
        var seen = new HashSet<ComponentId> { origin };
        var queue = new Queue<ComponentId>([origin]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var consumer in consumersOf[next].Where(seen.Add))
            {
                queue.Enqueue(consumer);
            }
        }

        seen.Remove(origin);
        return seen.Order().ToList();
    }

    private async Task<IReadOnlyList<string>> DeclaredKeysAsync(ComponentId consumer, ComponentId provider, CancellationToken ct)
    {
        var config = await parameters.TryGetAsync($"{options.IacPrefix}/{consumer.Type}/{consumer.Nickname}/config", withDecryption: false, ct);
        if (config is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(config.Value);
            return DependencyInferrer.Infer(consumer, document.RootElement, ProviderTypeAliases.Default).KeyReads
                .Where(k => k.Provider == provider).Select(k => k.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        }
        catch (JsonException)
        {
            // A consumer whose published config is not JSON declares nothing; graph build reports it as a problem.
            return [];
        }
    }

    private string RuntimePath(ComponentId component) => $"{options.IacPrefix}/{component.Type}/{component.Nickname}/runtime";
}
