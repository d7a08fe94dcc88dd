namespace Karma.Activities.Configuration;

/// <summary>
/// Per-change knobs of the lifecycle (<c>Karma:Changes</c>): expiry, reminders, rollback, Terraform limits and rollouts.
/// Each proposal copies them into its workflow input, so a running change keeps the values it started with.
/// </summary>
public sealed class ChangesSettings
{
    /// <summary>An unapproved change expires after this long.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Approvers are reminded this often while a change waits.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>On verify failure: restore the previous config version and re-apply (default: stop and report).</summary>
    public bool RollbackOnVerifyFailure { get; set; }

    /// <summary>How many times a stale plan may be re-planned and re-approved before the change fails.</summary>
    public int MaxApprovalRounds { get; set; } = 3;

    /// <summary>How long a silent Terraform activity is presumed dead (its worker crashed) and retried elsewhere.</summary>
    public TimeSpan TerraformHeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Upper bound of one plan or apply.</summary>
    public TimeSpan TerraformTimeout { get; set; } = TimeSpan.FromMinutes(70);

    public RolloutSettings Rollout { get; set; } = new();
}

/// <summary>Rollouts to dependents whose consumed runtime values changed (<c>Karma:Changes:Rollout</c>).</summary>
public sealed class RolloutSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>How many dependents of one wave are planned or applied at once.</summary>
    public int MaxParallel { get; set; } = 4;

    /// <summary>Ask for approval before each wave instead of once for the whole rollout.</summary>
    public bool ApprovalPerWave { get; set; }
}
