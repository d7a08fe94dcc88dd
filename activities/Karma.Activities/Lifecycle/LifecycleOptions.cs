using Karma.Core.Lifecycle;

namespace Karma.Activities.Lifecycle;

/// <summary>Settings of the change lifecycle (section <c>Karma:Lifecycle</c>).</summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "Karma:Lifecycle";

    /// <summary>Root of Karma's local files; null means KARMA_HOME, else <c>~/.karma</c>.</summary>
    public string? KarmaHome { get; set; }

    /// <summary>Parameter Store prefix (Karma's IAC_PREFIX).</summary>
    public string IacPrefix { get; set; } = "/iac";

    /// <summary>Audit log file; null means <c>$KARMA_HOME/audit.jsonl</c>.</summary>
    public string? AuditLogPath { get; set; }

    /// <summary>
    /// The Git config repo (path or URL); null means the <c>config_repo</c> of the <c>&lt;prefix&gt;/environment</c> parameter.
    /// Without either, graphs are built from the configs published in Parameter Store, and every proposal is refused: it
    /// is checked against its environment's folder in the repo (<see cref="ChangeEnvironmentGuard"/>).
    /// </summary>
    public string? ConfigRepository { get; set; }

    /// <summary>Branch of <see cref="ConfigRepository"/>; null means its current/default branch.</summary>
    public string? ConfigBranch { get; set; }

    /// <summary>Commits are attributed to the proposer as <c>&lt;user&gt;@&lt;domain&gt;</c>.</summary>
    public string CommitEmailDomain { get; set; } = "karma.local";

    /// <summary>Parameter Store tier for config values: Standard (4 KB) or Advanced (8 KB).</summary>
    public string ParameterTier { get; set; } = "Standard";

    /// <summary>Approval policy per environment name; an environment without one uses <see cref="ApprovalPolicy.Default"/>.</summary>
    public Dictionary<string, ApprovalPolicyOptions> ApprovalPolicies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a verify HTTP check may take.</summary>
    public TimeSpan HttpCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string ResolveHome()
    {
        var home = KarmaHome ?? Environment.GetEnvironmentVariable("KARMA_HOME");
        return Path.GetFullPath(string.IsNullOrWhiteSpace(home)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".karma")
            : home);
    }

    public string ResolveAuditLogPath() => AuditLogPath ?? Path.Combine(ResolveHome(), "audit.jsonl");

    public int ParameterValueLimit => string.Equals(ParameterTier, "Advanced", StringComparison.OrdinalIgnoreCase) ? 8192 : 4096;

    public ApprovalPolicy PolicyFor(string environment)
    {
        if (!ApprovalPolicies.TryGetValue(environment, out var configured))
        {
            return ApprovalPolicy.Default;
        }

        var policy = configured.ToPolicy();
        policy.Validate();
        return policy;
    }
}

/// <summary>The configuration shape of an <see cref="ApprovalPolicy"/>.</summary>
public sealed class ApprovalPolicyOptions
{
    public int RequiredApprovals { get; set; } = 1;

    public List<string> Approvers { get; set; } = [];

    /// <summary>cli, api, slack; empty means all.</summary>
    public List<string> Sources { get; set; } = [];

    public bool ExtraApprovalWhenDestroying { get; set; } = true;

    public ApprovalPolicy ToPolicy() => new(
        RequiredApprovals,
        Approvers,
        Sources.Count == 0 ? ApprovalPolicy.Default.AllowedSources : Sources.Select(ChangeSources.Parse).Distinct().ToList(),
        ExtraApprovalWhenDestroying);
}
