using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Activities.Terraform;
using Karma.Core.Inference;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Karma.Activities.Lifecycle;

/// <summary>Terraform steps of a change: plan, apply the approved plan, publish runtime outputs, verify.</summary>
public sealed partial class TerraformLifecycleActivities(
    TerraformRunner runner,
    IParameterStore parameters,
    LifecycleOptions options)
{
    // One shared client: verify checks are rare and short, and sockets must not leak per activity.
    private static readonly HttpClient Http = new();

    private readonly ConfigParameterGuard _guard = new(parameters, options);

    /// <summary>Idempotent: each plan is a new file; nothing outside the workspace changes. Heartbeats per output line.</summary>
    [Activity]
    public Task<PlanDigest> PlanChangeAsync(PlanChangeInput input) => WithHeartbeatsAsync(ct => PlanChangeAsync(input, ct));

    private async Task<PlanDigest> PlanChangeAsync(PlanChangeInput input, CancellationToken ct)
    {
        if (await runner.GetContractAsync(input.Component.Type, ct) == ModuleContract.Variables)
        {
            return await PlanChangeAsync(input, await TerraformInputAsync(input.Environment, input.Component, input.ConfigJson, ct), ct);
        }

        // The module reads its config from Parameter Store: it plans with the proposed config there, then the applied one is back.
        await using var held = await _guard.EnterAsync(input.Environment, input.Component, ct);
        var tfInput = await TerraformInputAsync(input.Environment, input.Component, input.ConfigJson, ct);
        return await _guard.WithProposedConfigAsync(input.Environment, input.Component, tfInput.ConfigJson, c => PlanChangeAsync(input, tfInput, c), ct);
    }

    private async Task<PlanDigest> PlanChangeAsync(PlanChangeInput input, ComponentTerraformInput tfInput, CancellationToken ct)
    {
        if (input.DryRunId is null)
        {
            return await PlanAsync(tfInput, ct);
        }

        runner.PruneExpiredDryRuns(input.Environment, input.Component);
        var workspace = runner.GetDryRunWorkspace(input.Environment, input.Component, input.DryRunId);
        try
        {
            return await PlanAsync(tfInput, ct, workspace);
        }
        finally
        {
            DeleteScratch(workspace.SourceDirectory);
            DeleteScratch(workspace.DataDirectory);
        }
    }

    /// <summary>
    /// Applies only what was approved. The first attempt applies the approved plan file unless its inputs changed
    /// (terraform itself refuses a saved plan whose state moved on). A retry — the worker may have died mid-apply —
    /// never re-applies blindly: it re-plans, and continues only when what is left is part of what was approved.
    /// Heartbeats while terraform runs, so a dead worker is noticed within the heartbeat timeout. The terraform a
    /// dead worker started keeps running (it is detached from the worker's pipes); every attempt first waits for it
    /// to finish, so the re-plan sees the state it wrote and the workspace is not prepared under its feet.
    /// </summary>
    [Activity]
    public Task<ApplyOutcome> ApplyApprovedPlanAsync(ApplyPlanInput input) => WithHeartbeatsAsync(ct => ApplyApprovedPlanAsync(input, ct));

    private async Task<ApplyOutcome> ApplyApprovedPlanAsync(ApplyPlanInput input, CancellationToken ct)
    {
        if (await runner.GetContractAsync(input.Component.Type, ct) == ModuleContract.Variables)
        {
            return await ApplyInWorkspaceAsync(input, ct);
        }

        // The change published its config before this step; the lock keeps a dry run from swapping it mid-apply.
        await using var held = await _guard.EnterAsync(input.Environment, input.Component, ct);
        return await ApplyInWorkspaceAsync(input, ct);
    }

    private async Task<ApplyOutcome> ApplyInWorkspaceAsync(ApplyPlanInput input, CancellationToken ct)
    {
        var context = ActivityExecutionContext.Current;
        var workspace = runner.GetWorkspace(input.Environment, input.Component);
        await runner.WaitForOrphanedApplyAsync(workspace, pid => LogWaitingForOrphanedApply(context.Logger, input.Component, pid), ct);
        var tfInput = await TerraformInputAsync(input.Environment, input.Component, input.ConfigJson, ct);
        var approved = input.ApprovedPlan;
        var firstAttempt = context.Info.Attempt == 1;
        if (firstAttempt && InputsHash(tfInput) == approved.InputsHash && File.Exists(approved.PlanRef))
        {
            try
            {
                await runner.PrepareAsync(tfInput, ct);
                await runner.InitAsync(workspace, Heartbeat, ct);
                await runner.ApplyAsync(workspace, new SavedPlan(approved.PlanRef, approved.PlanSha256, null), Heartbeat, ct);
                return new ApplyOutcome(ApplyOutcomeKind.Applied, null, Resumed: false, TerraformApplies: 1);
            }
            catch (StalePlanException)
            {
                // The state moved on since approval: fall through to re-plan and compare.
            }
        }

        var fresh = await PlanAsync(tfInput, ct);
        switch (PlanComparison.Compare(approved, fresh))
        {
            case PlanFreshness.Stale:
                return new ApplyOutcome(ApplyOutcomeKind.Stale, fresh, Resumed: false, TerraformApplies: 0);
            case PlanFreshness.RemainderOfApproved when !fresh.HasChanges:
                return new ApplyOutcome(ApplyOutcomeKind.Applied, null, Resumed: true, TerraformApplies: 0);
            default:
                await runner.ApplyAsync(workspace, new SavedPlan(fresh.PlanRef, fresh.PlanSha256, null), Heartbeat, ct);
                return new ApplyOutcome(ApplyOutcomeKind.Applied, null, Resumed: !firstAttempt, TerraformApplies: 1);
        }
    }

    /// <summary>
    /// Idempotent: publishes terraform's outputs as the runtime JSON only when they differ from what is there, and
    /// reports changed keys against the runtime captured before the change (not against a retry's own write).
    /// </summary>
    [Activity]
    public Task<PublishedRuntime> PublishRuntimeAsync(PublishRuntimeInput input) => WithHeartbeatsAsync(ct => PublishRuntimeAsync(input, ct));

    private async Task<PublishedRuntime> PublishRuntimeAsync(PublishRuntimeInput input, CancellationToken ct)
    {
        var path = RuntimePath(input.Component);
        if (await runner.GetContractAsync(input.Component.Type, ct) == ModuleContract.ParameterStore)
        {
            return await ReadModuleRuntimeAsync(input, path, ct);
        }

        var workspace = runner.GetWorkspace(input.Environment, input.Component);
        var outputs = await runner.ReadOutputsAsync(workspace, Heartbeat, ct);
        var current = await parameters.TryGetAsync(path, withDecryption: false, ct);
        long? version = current?.Version;
        string? runtime = current?.Value;
        var produced = outputs.ToRuntimeJson();
        if (RuntimeContract.Keys(produced).Count > 0 && (current is null || !JsonNode.DeepEquals(JsonNode.Parse(current.Value), JsonNode.Parse(produced))))
        {
            version = await parameters.PutAsync(new ParameterWrite(path, produced, Overwrite: true, Tier: options.ParameterTier), ct);
            runtime = produced;
        }

        return new PublishedRuntime(
            RuntimeContract.Keys(runtime),
            RuntimeContract.ChangedKeys(input.PreviousRuntimeJson, runtime).Order(StringComparer.Ordinal).ToList(),
            version,
            outputs.SensitiveNames.Where(name => !outputs.ValuesJson.ContainsKey(name)).Order(StringComparer.Ordinal).ToList());
    }

    // The module owns its runtime parameter (Terraform wrote it during apply): Karma only reads it back. Writing it
    // would be drift in the module's own state. Some modules publish runtime under other names (one per function…).
    private async Task<PublishedRuntime> ReadModuleRuntimeAsync(PublishRuntimeInput input, string path, CancellationToken ct)
    {
        var current = await parameters.TryGetAsync(path, withDecryption: false, ct);
        var changed = RuntimeContract.ChangedKeys(input.PreviousRuntimeJson, current?.Value).Order(StringComparer.Ordinal).ToList();
        return new PublishedRuntime(RuntimeContract.Keys(current?.Value), changed, current?.Version)
        {
            Note = current is null ? $"the module published no component runtime at {path}" : null,
        };
    }

    /// <summary>Read-only checks (a plan is made but never applied): safe to retry.</summary>
    [Activity]
    public Task<VerifyReport> VerifyAsync(VerifyInput input) => WithHeartbeatsAsync(ct => VerifyAsync(input, ct));

    private async Task<VerifyReport> VerifyAsync(VerifyInput input, CancellationToken ct)
    {
        if (await runner.GetContractAsync(input.Component.Type, ct) == ModuleContract.Variables)
        {
            return await VerifyInWorkspaceAsync(input, ct);
        }

        // Verify plans with the applied config in place (the module reads it), never with a dry run's.
        await using var held = await _guard.EnterAsync(input.Environment, input.Component, ct);
        return await VerifyInWorkspaceAsync(input, ct);
    }

    private async Task<VerifyReport> VerifyInWorkspaceAsync(VerifyInput input, CancellationToken ct)
    {
        var failures = new List<string>();
        var tfInput = await TerraformInputAsync(input.Environment, input.Component, input.ConfigJson, ct);

        // Verify needs terraform's verdict only: the plan is summarised (show -json) just when it still has changes.
        var prepared = await runner.PrepareAsync(tfInput, ct);
        await runner.InitAsync(prepared.Workspace, Heartbeat, ct);
        var fresh = await runner.PlanAsync(prepared.Workspace, new PlanRequest { WriteRedactedJson = false, SummarizeWhenUnchanged = false }, Heartbeat, ct);
        if (fresh.Summary.HasChanges)
        {
            var left = fresh.Summary;
            failures.Add($"a fresh plan still has changes after apply: {left.Create} to create, {left.Update} to update, {left.Delete} to delete, {left.Replace} to replace.");
        }

        var runtime = await parameters.TryGetAsync(RuntimePath(input.Component), withDecryption: false, ct);
        foreach (var broken in RuntimeContract.BrokenBy(RuntimeContract.Keys(runtime?.Value), input.Consumers))
        {
            failures.Add($"runtime is missing keys a dependent reads: {broken}.");
        }

        foreach (var check in HttpChecks(tfInput.ConfigJson))
        {
            failures.AddRange(await RunHttpCheckAsync(check, ct));
        }

        return new VerifyReport(failures);
    }

    // The line rides along as the heartbeat's details, so followers (karma apply, propose-change --wait) can show it
    // live. Lines are sanitized like log lines (OutputSanitizer) and terraform masks the values it knows are sensitive.
    private static void Heartbeat(TerraformOutputLine line)
    {
        if (string.IsNullOrWhiteSpace(line.Text))
        {
            ActivityExecutionContext.Current.Heartbeat();
            return;
        }

        ActivityExecutionContext.Current.Heartbeat($"terraform {line.Command}: {line.Text.Trim()}");
    }

    /// <summary>
    /// Runs <paramref name="work"/> while heartbeating on a timer as well as per output line: terraform can stay silent
    /// longer than a heartbeat timeout (it prints "Still creating…" only every 10 s; waiting for an orphaned apply
    /// prints nothing), and a live worker must not be mistaken for a dead one.
    /// </summary>
    private static async Task<T> WithHeartbeatsAsync<T>(Func<CancellationToken, Task<T>> work)
    {
        var context = ActivityExecutionContext.Current;
        var timeout = context.Info.HeartbeatTimeout;
        var period = timeout is { } t && t > TimeSpan.Zero ? t / 3 : TimeSpan.FromSeconds(10);
        using var stop = new CancellationTokenSource();
        var beating = BeatAsync(context, period, stop.Token);
        try
        {
            return await PermanentTerraformFailures.FailForGoodAsync(() => work(context.CancellationToken));
        }
        finally
        {
            await stop.CancelAsync();
            await beating;
        }
    }

    private static async Task BeatAsync(ActivityExecutionContext context, TimeSpan period, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                context.Heartbeat();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped because the work ended.
        }
    }

    // A dry run's module copy and provider folder are scratch; the plan and its redacted JSON stay for review.
    private static void DeleteScratch(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string InputsHash(ComponentTerraformInput input) =>
        PlanDigestReader.Hash(input.ConfigJson + "\n" + string.Join('\n', input.UpstreamRuntimeJson.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));

    private async Task<PlanDigest> PlanAsync(ComponentTerraformInput tfInput, CancellationToken ct, TerraformWorkspace? dryRun = null)
    {
        var prepared = dryRun is null ? await runner.PrepareAsync(tfInput, ct) : await runner.PrepareAsync(tfInput, dryRun, ct);
        await runner.InitAsync(prepared.Workspace, Heartbeat, ct);
        var result = await runner.PlanAsync(prepared.Workspace, new PlanRequest { WriteRedactedJson = true, LockState = dryRun is null }, Heartbeat, ct);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(result.Plan.RedactedJsonFile!, ct))!.AsObject();
        return PlanDigestReader.Read(result.Plan.PlanFile, result.Plan.Sha256, json) with { InputsHash = InputsHash(tfInput) };
    }

    private async Task<ComponentTerraformInput> TerraformInputAsync(string environment, ComponentId component, string? configJson, CancellationToken ct)
    {
        configJson ??= (await parameters.TryGetAsync(ConfigPath(component), withDecryption: false, ct))?.Value
            ?? throw new ApplicationFailureException($"{component} has no published config at {ConfigPath(component)}.", nonRetryable: true);
        var upstream = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(configJson))
        {
            foreach (var provider in DependencyInferrer.Infer(component, document.RootElement, ProviderTypeAliases.Default).References.Select(r => r.Provider).Distinct())
            {
                var runtime = await parameters.TryGetAsync(RuntimePath(provider), withDecryption: false, ct);
                if (runtime is not null)
                {
                    upstream[provider.ToString()] = runtime.Value;
                }
            }
        }

        return new ComponentTerraformInput(environment, component, configJson, upstream) { IacPrefix = options.IacPrefix };
    }

    private static IEnumerable<(Uri Url, int Status)> HttpChecks(string configJson)
    {
        // Optional: {"verify": {"http": [{"url": "https://…", "status": 200}]}} in the component's config.
        var checks = JsonNode.Parse(configJson)?["verify"]?["http"]?.AsArray() ?? [];
        foreach (var check in checks)
        {
            var url = check?["url"]?.GetValue<string>();
            if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                yield return (uri, check?["status"]?.GetValue<int>() ?? 200);
            }
        }
    }

    private async Task<IReadOnlyList<string>> RunHttpCheckAsync((Uri Url, int Status) check, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.HttpCheckTimeout);
        try
        {
            using var response = await Http.GetAsync(check.Url, timeout.Token);
            return (int)response.StatusCode == check.Status
                ? []
                : [$"GET {check.Url} answered {(int)response.StatusCode}, expected {check.Status}."];
        }
        catch (HttpRequestException e)
        {
            return [$"GET {check.Url} failed: {e.Message}"];
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return [$"GET {check.Url} timed out after {options.HttpCheckTimeout.TotalSeconds:0}s."];
        }
    }

    private string ConfigPath(ComponentId component) => $"{options.IacPrefix}/{component.Type}/{component.Nickname}/config";

    private string RuntimePath(ComponentId component) => $"{options.IacPrefix}/{component.Type}/{component.Nickname}/runtime";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The terraform apply of {Component} that a dead worker started is still running (pid {Pid}); waiting for it before re-planning")]
    private static partial void LogWaitingForOrphanedApply(ILogger logger, ComponentId component, int pid);
}
