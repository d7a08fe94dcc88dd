using Karma.Activities.Lifecycle;

namespace Karma.Activities.Configuration;

/// <summary>
/// Karma's whole configuration, bound from the <c>Karma</c> section (see docs/configuration.md and
/// <see cref="KarmaConfigurationLoader"/>). Every key below <c>Karma</c> must exist here: a key the tree does
/// not know is a configuration error, not something silently ignored.
/// </summary>
public sealed class KarmaOptions
{
    public const string SectionName = "Karma";

    /// <summary>Karma's local folder (local Parameter Store, graph, repo cache, work dirs). KARMA_HOME, default <c>~/.karma</c>.</summary>
    public string Home { get; set; } = string.Empty;

    /// <summary>The environment (folder <c>iac/&lt;env&gt;</c> in the config repo); usually one per AWS account.</summary>
    public string? Environment { get; set; }

    /// <summary>Parameter Store prefix (IAC_PREFIX), default <c>/iac</c>.</summary>
    public string Prefix { get; set; } = Core.Model.ParameterPaths.DefaultPrefix;

    public RepoSettings Repo { get; set; } = new();

    public GitSettings Git { get; set; } = new();

    public ParameterStoreSettings ParameterStore { get; set; } = new();

    public GraphSettings Graph { get; set; } = new();

    public TerraformSettings Terraform { get; set; } = new();

    public TemporalSettings Temporal { get; set; } = new();

    public IdentitySettings Identity { get; set; } = new();

    public SlackSettings Slack { get; set; } = new();

    public ApiSettings Api { get; set; } = new();

    public ApprovalsSettings Approvals { get; set; } = new();

    public ChangesSettings Changes { get; set; } = new();

    /// <summary>Where the audit trail is kept (<c>Karma:Audit</c>).</summary>
    public AuditSettings Audit { get; set; } = new();

    /// <summary>Extra <c>&lt;t&gt;_nickname</c> → component type aliases (usually from the config repo's karma.json).</summary>
    public Dictionary<string, string> Aliases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The change lifecycle's own settings (section <c>Karma:Lifecycle</c>, see <see cref="LifecycleOptions"/>).</summary>
    public LifecycleOptions Lifecycle { get; set; } = new();

    /// <summary>
    /// The lifecycle settings with the top-level keys filled in: Home, Prefix, Repo and Approvals win over
    /// their <c>Karma:Lifecycle</c> counterparts when set, so users configure each thing once.
    /// </summary>
    public LifecycleOptions ToLifecycleOptions()
    {
        var lifecycle = Lifecycle;
        lifecycle.KarmaHome = Home;
        lifecycle.IacPrefix = Prefix;
        lifecycle.ConfigRepository = Repo.Url ?? lifecycle.ConfigRepository;
        lifecycle.ConfigBranch = Repo.Ref ?? lifecycle.ConfigBranch;
        foreach (var (environment, policy) in Approvals.Policies)
        {
            lifecycle.ApprovalPolicies[environment] = policy;
        }

        return lifecycle;
    }
}
