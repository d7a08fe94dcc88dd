using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Core.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Karma.Activities.Terraform;

/// <summary>
/// Runs the real terraform for one component instance: prepare the workspace, init, plan to a saved plan
/// file (summarized with sensitive values redacted), apply exactly that file, read runtime outputs.
/// Output lines go to an optional callback (for heartbeats and audit), already sanitized; the JSON that
/// terraform prints in clear text (show -json, output -json) is never streamed or logged.
/// </summary>
public sealed partial class TerraformRunner
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly TimeSpan OrphanPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly TerraformOptions _options;
    private readonly TerraformCli _cli;
    private readonly ModuleLocator _modules;
    private readonly ILogger<TerraformRunner> _logger;

    public TerraformRunner(TerraformOptions options, ILogger<TerraformRunner>? logger = null)
    {
        _options = options;
        _cli = new TerraformCli(options);
        _modules = new ModuleLocator(options);
        _logger = logger ?? NullLogger<TerraformRunner>.Instance;
    }

    /// <summary>The workspace of an instance (paths only; nothing is created).</summary>
    public TerraformWorkspace GetWorkspace(string environment, ComponentId component) =>
        WorkspaceLayout.For(_options, environment, component);

    /// <summary>
    /// A dry run's own workspace (<c>&lt;instance&gt;/dry-runs/&lt;id&gt;</c>): its source, data and plans folders are its
    /// own, so preparing it never touches the folders a running change applies from; it reads the instance's state.
    /// </summary>
    public TerraformWorkspace GetDryRunWorkspace(string environment, ComponentId component, string dryRunId) =>
        WorkspaceLayout.ForDryRun(_options, environment, component, dryRunId);

    /// <summary>Deletes the instance's dry-run folders older than the plan retention (see <see cref="PlanFileRetention"/>).</summary>
    public IReadOnlyList<string> PruneExpiredDryRuns(string environment, ComponentId component)
    {
        var dryRuns = Path.Combine(GetWorkspace(environment, component).Directory, WorkspaceLayout.DryRunsFolder);
        var deleted = PlanFileRetention.PruneDryRuns(dryRuns, _options.PlanRetention, DateTime.UtcNow);
        foreach (var folder in deleted)
        {
            LogPlanPruned(component, folder);
        }

        return deleted;
    }

    /// <summary>
    /// Copies the component's module into a fresh source folder and writes its variables and backend files.
    /// Local module folders only; <see cref="PrepareAsync(ComponentTerraformInput, CancellationToken)"/> also fetches Git sources.
    /// </summary>
    public PreparedWorkspace Prepare(ComponentTerraformInput input) => Prepare(input, GetWorkspace(input.Environment, input.Component));

    /// <summary>Prepares <paramref name="workspace"/> (e.g. a dry run's) for <paramref name="input"/>; local module folders only.</summary>
    public PreparedWorkspace Prepare(ComponentTerraformInput input, TerraformWorkspace workspace) =>
        PrepareFrom(_modules.LocateLocal(input.Component.Type), input, workspace);

    /// <summary>Like <see cref="Prepare(ComponentTerraformInput)"/>, fetching the module first when it comes from Git.</summary>
    public Task<PreparedWorkspace> PrepareAsync(ComponentTerraformInput input, CancellationToken cancellationToken) =>
        PrepareAsync(input, GetWorkspace(input.Environment, input.Component), cancellationToken);

    /// <summary>Like <see cref="Prepare(ComponentTerraformInput, TerraformWorkspace)"/>, fetching the module first when it comes from Git.</summary>
    public async Task<PreparedWorkspace> PrepareAsync(ComponentTerraformInput input, TerraformWorkspace workspace, CancellationToken cancellationToken) =>
        PrepareFrom(await _modules.LocateAsync(input.Component.Type, cancellationToken), input, workspace);

    private PreparedWorkspace PrepareFrom(string moduleDirectory, ComponentTerraformInput input, TerraformWorkspace workspace)
    {
        var prepared = WorkspacePreparer.Prepare(moduleDirectory, input, workspace, _options.Backend);
        LogPrepared(input.Component, prepared.PassedVariables, prepared.IgnoredVariables);
        return prepared;
    }

    /// <summary>
    /// The contract of a component type's module: the <see cref="TerraformOptions.Contracts"/> entry, else whether the module
    /// declares a <c>config</c> variable (fetching a Git source first).
    /// </summary>
    public async Task<ModuleContract> GetContractAsync(string componentType, CancellationToken cancellationToken) =>
        _options.Contracts.TryGetValue(componentType, out var configured)
            ? configured
            : ModuleContracts.Detect(await _modules.LocateAsync(componentType, cancellationToken));

    /// <summary>
    /// <c>terraform init</c>: local backend at the workspace's state path; providers from the configured CLI config / cache.
    /// Skipped when the workspace was already initialised for the same module, backend and settings (<see cref="InitReuse"/>).
    /// </summary>
    public async Task InitAsync(TerraformWorkspace workspace, Action<TerraformOutputLine>? onLine, CancellationToken cancellationToken)
    {
        var backendConfig = _options.Backend.InitArguments(workspace.Environment, workspace.Component);
        var fingerprint = Directory.Exists(workspace.SourceDirectory) ? InitReuse.Fingerprint(workspace, _options, backendConfig) : null;
        if (fingerprint is not null && InitReuse.TryReuse(workspace, fingerprint))
        {
            LogInitReused(workspace.Component);
            return;
        }

        InitReuse.Forget(workspace);
        // -reconfigure: a data dir initialised for other backend settings would otherwise ask to migrate state.
        List<string> arguments = ["-no-color", "-input=false", .. backendConfig];
        if (backendConfig.Count > 0)
        {
            arguments.Add("-reconfigure");
        }

        var result = await RunAsync(workspace, "init", arguments, captureStdout: false, onLine, new OutputSanitizer(), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new TerraformInitException(result.ExitCode, result.Tail(_options.ErrorTailLines), TransientErrorClassifier.IsTransient(result.ErrorLines));
        }

        InitReuse.Record(workspace, fingerprint!);
    }

    /// <summary>
    /// <c>terraform plan -out</c> into the workspace's plans folder, then <c>show -json</c> to summarize it.
    /// Returns the plan by reference (path + SHA-256) so it can be applied later exactly as reviewed.
    /// </summary>
    public async Task<TerraformPlanResult> PlanAsync(
        TerraformWorkspace workspace,
        PlanRequest? request,
        Action<TerraformOutputLine>? onLine,
        CancellationToken cancellationToken)
    {
        request ??= new PlanRequest();
        var sanitizer = new OutputSanitizer(request.SensitiveVariables.Values);
        Directory.CreateDirectory(workspace.PlansDirectory);
        foreach (var pruned in PlanFileRetention.Prune(workspace.PlansDirectory, _options.PlanRetention, DateTime.UtcNow))
        {
            LogPlanPruned(workspace.Component, pruned);
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        var planFile = Path.Combine(workspace.PlansDirectory, $"{stamp}-{Guid.NewGuid():N}.tfplan");

        List<string> arguments = ["-no-color", "-input=false", request.LockState ? LockTimeout() : "-lock=false", "-detailed-exitcode", $"-out={planFile}"];
        if (request.Destroy)
        {
            arguments.Add("-destroy");
        }

        var plan = await RunAsync(workspace, "plan", arguments, captureStdout: false, onLine, sanitizer, cancellationToken, SensitiveVariableEnvironment(request));
        if (plan.ExitCode is not (0 or 2))
        {
            throw new TerraformPlanException(plan.ExitCode, plan.Tail(_options.ErrorTailLines), TransientErrorClassifier.IsTransient(plan.ErrorLines));
        }

        if (plan.ExitCode == 0 && !request.SummarizeWhenUnchanged)
        {
            LogPlanned(workspace.Component, 0, 0, 0, 0, planFile);
            return new TerraformPlanResult(new SavedPlan(planFile, await HashFileAsync(planFile, cancellationToken), null), PlanSummary.NoChanges);
        }

        var show = await RunAsync(workspace, "show", ["-json", "-no-color", planFile], captureStdout: true, onLine, sanitizer, cancellationToken);
        if (show.ExitCode != 0)
        {
            throw new TerraformCommandException("show", show.ExitCode, show.Tail(_options.ErrorTailLines), TransientErrorClassifier.IsTransient(show.ErrorLines));
        }

        var planJson = ParseObject(show.Stdout, "show -json");
        var summary = PlanSummaryReader.Read(planJson, hasChanges: plan.ExitCode == 2);
        string? redactedFile = null;
        if (request.WriteRedactedJson)
        {
            redactedFile = SavedPlan.RedactedJsonPathFor(planFile);
            var redacted = PlanJsonRedactor.Redact(planJson, request.SensitiveVariables.Keys);
            await File.WriteAllTextAsync(redactedFile, redacted.ToJsonString(Indented), cancellationToken);
        }

        var saved = new SavedPlan(planFile, await HashFileAsync(planFile, cancellationToken), redactedFile);
        LogPlanned(workspace.Component, summary.Create, summary.Update, summary.Delete, summary.Replace, planFile);
        return new TerraformPlanResult(saved, summary);
    }

    /// <summary>
    /// Applies exactly <paramref name="plan"/>: the file must still hash to the recorded SHA-256. A plan that
    /// went stale (state changed since) raises <see cref="StalePlanException"/>.
    /// </summary>
    public async Task ApplyAsync(
        TerraformWorkspace workspace,
        SavedPlan plan,
        Action<TerraformOutputLine>? onLine,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(plan.PlanFile))
        {
            throw new PlanFileMismatchException($"The saved plan '{plan.PlanFile}' no longer exists; re-plan {workspace.Component}.");
        }

        var actual = await HashFileAsync(plan.PlanFile, cancellationToken);
        if (!string.Equals(actual, plan.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new PlanFileMismatchException(
                $"The saved plan '{plan.PlanFile}' changed since it was reviewed (SHA-256 {actual}, expected {plan.Sha256}); re-plan {workspace.Component}.");
        }

        var result = await RunAsync(
            workspace, "apply", ["-no-color", "-input=false", LockTimeout(), plan.PlanFile], captureStdout: false, onLine, new OutputSanitizer(), cancellationToken, outlivesWorker: true);
        if (result.ExitCode == 0)
        {
            LogApplied(workspace.Component, plan.PlanFile);
            return;
        }

        var tail = result.Tail(_options.ErrorTailLines);
        if (result.ErrorLines.Any(line => line.Contains("Saved plan is stale", StringComparison.Ordinal)))
        {
            throw new StalePlanException(result.ExitCode, tail);
        }

        throw new TerraformApplyException(result.ExitCode, tail, TransientErrorClassifier.IsTransient(result.ErrorLines));
    }

    /// <summary>
    /// Waits while an apply that a previous worker started on this instance is still running: the worker died, its
    /// terraform did not (see <see cref="DetachedRun"/>). Until it has saved state and released the lock, neither
    /// re-preparing the workspace nor re-planning is safe. <paramref name="onFound"/> gets its pid before the wait.
    /// Returns whether there was one to wait for.
    /// </summary>
    public async Task<bool> WaitForOrphanedApplyAsync(TerraformWorkspace workspace, Action<int>? onFound, CancellationToken cancellationToken)
    {
        if (!DetachedRun.IsSupported)
        {
            return false;
        }

        var run = DetachedRun.For(workspace, "apply");
        if (run.RunningProcess(workspace) is not { } pid)
        {
            return false;
        }

        LogWaitingForOrphan(workspace.Component, pid);
        onFound?.Invoke(pid);
        var started = Stopwatch.GetTimestamp();
        while (run.RunningProcess(workspace) is not null)
        {
            await Task.Delay(OrphanPollInterval, cancellationToken);
        }

        var waitedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogOrphanFinished(workspace.Component, pid, waitedMs);
        return true;
    }

    /// <summary><c>terraform output -json</c> as runtime values; sensitive outputs handled per <see cref="TerraformOptions.SensitiveOutputs"/>.</summary>
    public async Task<TerraformOutputs> ReadOutputsAsync(
        TerraformWorkspace workspace,
        Action<TerraformOutputLine>? onLine,
        CancellationToken cancellationToken)
    {
        var result = await RunAsync(workspace, "output", ["-json", "-no-color"], captureStdout: true, onLine, new OutputSanitizer(), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new TerraformCommandException("output", result.ExitCode, result.Tail(_options.ErrorTailLines), TransientErrorClassifier.IsTransient(result.ErrorLines));
        }

        ParseObject(result.Stdout, "output -json");
        return TerraformOutputs.FromOutputJson(result.Stdout, _options.SensitiveOutputs);
    }

    private async Task<TerraformCommandResult> RunAsync(
        TerraformWorkspace workspace,
        string command,
        IReadOnlyList<string> arguments,
        bool captureStdout,
        Action<TerraformOutputLine>? onLine,
        OutputSanitizer sanitizer,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        bool outlivesWorker = false)
    {
        if (!Directory.Exists(workspace.SourceDirectory))
        {
            throw new TerraformInputException($"The workspace of {workspace.Component} in '{workspace.Environment}' has not been prepared ('{workspace.SourceDirectory}' is missing).");
        }

        var invocation = new TerraformInvocation(command, arguments, captureStdout, onLine, sanitizer)
        {
            Environment = environment ?? new Dictionary<string, string>(),
            OutlivesWorker = outlivesWorker,
        };
        var started = Stopwatch.GetTimestamp();
        var result = await _cli.RunAsync(workspace, invocation, cancellationToken);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogCommandFinished(command, workspace.Component, result.ExitCode, elapsedMs);
        return result;
    }

    private string LockTimeout() =>
        $"-lock-timeout={(int)Math.Ceiling(_options.StateLockTimeout.TotalSeconds)}s";

    private static Dictionary<string, string> SensitiveVariableEnvironment(PlanRequest request) =>
        request.SensitiveVariables.ToDictionary(pair => $"TF_VAR_{pair.Key}", pair => pair.Value, StringComparer.Ordinal);

    // The JSON may hold secrets, so a parse failure reports where, never the text.
    private static JsonObject ParseObject(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new TerraformException($"terraform {what} did not print a JSON object.", isTransient: false);
        }
        catch (JsonException ex)
        {
            throw new TerraformException($"terraform {what} printed invalid JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}).", isTransient: false);
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prepared {Component}: passed variables [{Passed}], ignored [{Ignored}]")]
    private partial void LogPrepared(ComponentId component, IReadOnlyList<string> passed, IReadOnlyList<string> ignored);

    [LoggerMessage(Level = LogLevel.Information, Message = "terraform {Command} for {Component} exited {ExitCode} after {ElapsedMs:F0} ms")]
    private partial void LogCommandFinished(string command, ComponentId component, int exitCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Planned {Component}: {Create} to create, {Update} to update, {Delete} to delete, {Replace} to replace ({PlanFile})")]
    private partial void LogPlanned(ComponentId component, int create, int update, int delete, int replace, string planFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Component}'s {Path}: older than the plan retention")]
    private partial void LogPlanPruned(ComponentId component, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A terraform apply of {Component} started by an earlier worker is still running (pid {Pid}); waiting for it to finish")]
    private partial void LogWaitingForOrphan(ComponentId component, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "The earlier terraform apply of {Component} (pid {Pid}) finished after {ElapsedMs:F0} ms of waiting")]
    private partial void LogOrphanFinished(ComponentId component, int pid, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "terraform init for {Component} skipped: already initialised for this module and backend")]
    private partial void LogInitReused(ComponentId component);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Component} from {PlanFile}")]
    private partial void LogApplied(ComponentId component, string planFile);
}
