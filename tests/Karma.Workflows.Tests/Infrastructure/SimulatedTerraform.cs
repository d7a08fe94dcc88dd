using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Temporalio.Activities;

namespace Karma.Workflows.Tests.Infrastructure;

/// <summary>
/// Stands in for the four terraform activities (registered under their real names) in orchestration tests, so
/// approval, queueing and expiry are tested in seconds. It keeps an "applied config" per component, plans by
/// comparing it with the wanted config and the upstream runtime, and publishes outputs = the config's "outputs"
/// object to Parameter Store like a real module. Real terraform is exercised by the end-to-end tests.
/// </summary>
public sealed class SimulatedTerraform(IParameterStore parameters)
{
    private readonly ConcurrentDictionary<ComponentId, string> _applied = new();

    public ConcurrentDictionary<ComponentId, int> Applies { get; } = new();

    /// <summary>When set, apply waits for it (tests change the world between approval and apply).</summary>
    public TaskCompletionSource? HoldApply { get; set; }

    public TaskCompletionSource ApplyStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Activity("PlanChange")]
    public async Task<PlanDigest> PlanChangeAsync(PlanChangeInput input) =>
        await PlanAsync(input.Component, input.ConfigJson ?? await ConfigAsync(input.Component));

    [Activity("ApplyApprovedPlan")]
    public async Task<ApplyOutcome> ApplyApprovedPlanAsync(ApplyPlanInput input)
    {
        ApplyStarted.TrySetResult();
        if (HoldApply is { } hold)
        {
            await hold.Task;
        }

        var config = input.ConfigJson ?? await ConfigAsync(input.Component);
        var fresh = await PlanAsync(input.Component, config);
        if (PlanComparison.Compare(input.ApprovedPlan, fresh) == PlanFreshness.Stale)
        {
            return new ApplyOutcome(ApplyOutcomeKind.Stale, fresh, false, 0);
        }

        _applied[input.Component] = fresh.InputsHash;
        Applies.AddOrUpdate(input.Component, 1, (_, n) => n + 1);
        return new ApplyOutcome(ApplyOutcomeKind.Applied, null, false, 1);
    }

    [Activity("PublishRuntime")]
    public async Task<PublishedRuntime> PublishRuntimeAsync(PublishRuntimeInput input)
    {
        var configJson = input.ConfigJson ?? await ConfigAsync(input.Component);
        var config = JsonNode.Parse(configJson)!.AsObject();
        var produced = config["outputs"]?.DeepClone().AsObject() ?? [];
        if (config["emit_inputs"] is not null)
        {
            // Like a real module whose outputs depend on its upstream (e.g. a cluster's ARN embeds the VPC).
            produced["applied_inputs"] = (await PlanAsync(input.Component, configJson)).InputsHash;
        }

        var outputs = produced.ToJsonString();
        var path = $"/iac/{input.Component.Type}/{input.Component.Nickname}/runtime";
        // Like the real activity: changed keys are against the runtime the caller captured before the change (none: all keys).
        var previous = input.PreviousRuntimeJson;
        var version = await parameters.PutAsync(new ParameterWrite(path, outputs, Overwrite: true), CancellationToken.None);
        // Like the real activity: outputs terraform marks sensitive are left out of the runtime and named.
        var sensitive = config["sensitive_outputs"]?.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
        return new PublishedRuntime(RuntimeContract.Keys(outputs), RuntimeContract.ChangedKeys(previous, outputs).Order(StringComparer.Ordinal).ToList(), version, sensitive);
    }

    public int Verifications { get; private set; }

    [Activity("Verify")]
    public Task<VerifyReport> VerifyAsync(VerifyInput input)
    {
        Verifications++;
        return Task.FromResult(new VerifyReport(JsonNode.Parse(input.ConfigJson ?? "{}")?["fail_verify"] is null ? [] : ["simulated verify failure"]));
    }

    /// <summary>Marks a component as applied with its current published config (a pre-existing deployment).</summary>
    public async Task MarkAppliedAsync(ComponentId component) =>
        _applied[component] = (await PlanAsync(component, await ConfigAsync(component))).InputsHash;

    private async Task<string> ConfigAsync(ComponentId component) =>
        (await parameters.GetAsync($"/iac/{component.Type}/{component.Nickname}/config", false, CancellationToken.None)).Value;

    private async Task<PlanDigest> PlanAsync(ComponentId component, string config)
    {
        // The "inputs" of the module: its config plus the runtime of everything it names in depends_on.
        var upstream = new List<string>();
        foreach (var provider in JsonNode.Parse(config)?["depends_on"]?.AsArray() ?? [])
        {
            var id = ComponentId.Parse(provider!.GetValue<string>());
            upstream.Add((await parameters.TryGetAsync($"/iac/{id.Type}/{id.Nickname}/runtime", false, CancellationToken.None))?.Value ?? "-");
        }

        var inputs = PlanDigestReader.Hash(config + "|" + string.Join("|", upstream));
        var outputs = JsonNode.Parse(config)?["outputs"]?.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
        var destroys = JsonNode.Parse(config)?["destroy"] is not null;
        List<string> changes = _applied.TryGetValue(component, out var applied) && applied == inputs
            ? []
            : [$"terraform_data.{component.Nickname}|{(destroys ? "delete+create" : "update")}|{inputs}"];
        return new PlanDigest($"sim://{component}/{inputs}", inputs, 0, changes.Count, destroys ? changes.Count : 0, changes,
            destroys ? [$"terraform_data.{component.Nickname}"] : [], [], outputs) { InputsHash = inputs };
    }
}
