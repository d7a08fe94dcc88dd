using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Karma.Activities.Git;
using Karma.Core.Analysis;
using Karma.Core.Inference;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Karma.Activities.Lifecycle;

/// <summary>Config steps of a change: validate, publish to Parameter Store, restore a version, commit to Git.</summary>
/// <param name="git">Reads the config repo, which every proposal is validated against.</param>
public sealed class ConfigActivities(
    IParameterStore parameters,
    LifecycleOptions options,
    GitConfigLoader git,
    IConfigCommitter? committer = null)
{
    private readonly ChangeEnvironmentGuard _environments = new(git, parameters, options);

    // A dry run may have a proposed config in the parameter for its plan: reads and writes wait for it to be put back.
    private readonly ConfigParameterGuard _guard = new(parameters, options);

    /// <summary>
    /// Read-only: safe to retry. First the environment check every entry point makes (a change started on Temporal
    /// directly gets it too), then the proposal is analysed within its environment's graph as the config repo would
    /// hold it with the proposal (<see cref="ProposalAnalysis"/>).
    /// </summary>
    [Activity]
    public async Task<ConfigValidation> ValidateProposedConfigAsync(ValidateConfigInput input)
    {
        var ct = ActivityExecutionContext.Current.CancellationToken;
        var repo = await CheckEnvironmentAsync(input.Environment, ct);
        var errors = new List<string>();
        var warnings = new List<string>();
        JsonObject? config = null;
        try
        {
            config = JsonNode.Parse(input.ProposedConfigJson) as JsonObject;
            if (config is null)
            {
                errors.Add("the proposed config must be a JSON object.");
            }
        }
        catch (JsonException e)
        {
            errors.Add($"the proposed config is not valid JSON: {e.Message}");
        }

        if (config is null)
        {
            return new ConfigValidation(errors, warnings, false, [], input.ProposedConfigJson);
        }

        var compact = config.ToJsonString();
        var size = Encoding.UTF8.GetByteCount(compact);
        if (size > options.ParameterValueLimit)
        {
            errors.Add($"the config is {size} bytes compact; the {options.ParameterTier} Parameter Store tier holds {options.ParameterValueLimit}.");
        }

        using var document = JsonDocument.Parse(compact);
        var aliases = ProviderTypeAliases.Create(repo.Config.Aliases, out _);
        var providers = DependencyInferrer.Infer(input.Component, document.RootElement, aliases).References
            .Select(r => r.Provider).Distinct().Order().ToList();
        errors.AddRange(ProposalAnalysis.Errors(repo.Config, input.Component, compact, options.IacPrefix));

        Parameter? current;
        await using (await _guard.EnterAsync(input.Environment, input.Component, ct))
        {
            current = await parameters.TryGetAsync(ConfigPath(input.Component), withDecryption: false, ct);
        }

        var unchanged = current is not null && JsonNode.DeepEquals(JsonNode.Parse(current.Value), config);
        return new ConfigValidation(errors, warnings, unchanged, providers, compact);
    }

    /// <summary>
    /// Idempotent: when the value is already the published one (a retry after a successful put), the current version
    /// is returned instead of writing again, so the recorded previous version stays the real one.
    /// </summary>
    [Activity]
    public async Task<PublishedConfig> PublishConfigAsync(PublishConfigInput input)
    {
        var ct = ActivityExecutionContext.Current.CancellationToken;
        var path = ConfigPath(input.Component);
        await using var held = await _guard.EnterAsync(input.Environment, input.Component, ct);
        var current = await parameters.TryGetAsync(path, withDecryption: false, ct);
        if (current is not null && current.Value == input.ConfigJson)
        {
            return new PublishedConfig(current.Version, current.Version > 1 ? await PreviousDifferentVersionAsync(path, current, ct) : null);
        }

        var version = await parameters.PutAsync(new ParameterWrite(path, input.ConfigJson, Overwrite: true, Tier: options.ParameterTier), ct);
        return new PublishedConfig(version, current?.Version);
    }

    /// <summary>Idempotent: re-publishing the same old value only adds a version with identical content.</summary>
    [Activity]
    public async Task<RestoredConfig> RestoreConfigAsync(RestoreConfigInput input)
    {
        var ct = ActivityExecutionContext.Current.CancellationToken;
        var path = ConfigPath(input.Component);
        await using var held = await _guard.EnterAsync(input.Environment, input.Component, ct);
        var old = await parameters.GetVersionAsync(path, input.Version, withDecryption: false, ct);
        var current = await parameters.TryGetAsync(path, withDecryption: false, ct);
        if (current?.Value == old.Value)
        {
            return new RestoredConfig(current.Version, old.Value);
        }

        var version = await parameters.PutAsync(new ParameterWrite(path, old.Value, Overwrite: true, Tier: options.ParameterTier), ct);
        return new RestoredConfig(version, old.Value);
    }

    /// <summary>Idempotent by contract of <see cref="IConfigCommitter"/> (same content → no new commit).</summary>
    [Activity]
    public async Task<CommittedConfig> CommitConfigAsync(CommitConfigInput input)
    {
        if (committer is null)
        {
            return new CommittedConfig(null, "no config repo is configured; the change was not committed to Git.");
        }

        var commit = await committer.CommitAsync(input.Environment, input.Component, input.ConfigJson, input.Author, input.Message,
            ActivityExecutionContext.Current.CancellationToken);
        return new CommittedConfig(commit, null);
    }

    /// <summary>Reads configuration only: safe to retry. Recorded in history so the workflow sees one policy.</summary>
    [Activity]
    public ApprovalPolicy GetApprovalPolicy(string environment)
    {
        try
        {
            return options.PolicyFor(environment);
        }
        catch (InvalidApprovalPolicyException e)
        {
            throw new ApplicationFailureException($"Approval policy of {environment}: {e.Message}", e, nonRetryable: true);
        }
    }

    private string ConfigPath(ComponentId component) => $"{options.IacPrefix}/{component.Type}/{component.Nickname}/config";

    private async Task<ConfigRepoSnapshot> CheckEnvironmentAsync(string environment, CancellationToken ct)
    {
        try
        {
            return await _environments.CheckAsync(environment, ct);
        }
        catch (EnvironmentRefusedException e)
        {
            // Retrying cannot make the environment exist: the change ends here, before anything is planned or published.
            throw new ApplicationFailureException(e.Message, nameof(EnvironmentRefusedException), nonRetryable: true);
        }
        catch (ConfigRepoException e) when (e is not GitRemoteException)
        {
            // A missing repo, ref or a broken layout stays so until someone fixes it; a remote that failed may answer later.
            throw new ApplicationFailureException(e.Message, nameof(ConfigRepoException), nonRetryable: true);
        }
    }

    private async Task<long?> PreviousDifferentVersionAsync(string path, Parameter current, CancellationToken ct)
    {
        for (var v = current.Version - 1; v >= 1; v--)
        {
            var old = await parameters.GetVersionAsync(path, v, withDecryption: false, ct);
            if (old.Value != current.Value)
            {
                return v;
            }
        }

        return null;
    }
}
