using Karma.Activities.Configuration;

namespace Karma.Workflows;

/// <summary>
/// Per-change knobs. Every duration is data in the workflow input (not a constant) so tests and impatient
/// environments can shorten them, and a running change keeps the values it started with.
/// </summary>
public sealed record ChangeOptions
{
    /// <summary>An unapproved change expires after this long (GitHub: 30 days, Pulumi: 7 days; Karma: 72 h).</summary>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Approvers are reminded this often while a change waits.</summary>
    public TimeSpan ReminderInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>On verify failure: restore the previous config version and re-apply. Default: stop and report.</summary>
    public bool RollbackOnVerifyFailure { get; init; }

    /// <summary>How many times a stale plan may be re-planned and re-approved before the change fails.</summary>
    public int MaxApprovalRounds { get; init; } = 3;

    /// <summary>Upsert <see cref="KarmaSearchAttributes"/> (they must be registered on the server).</summary>
    public bool UseSearchAttributes { get; init; }

    /// <summary>How long a silent Terraform activity is presumed dead (its worker crashed) and retried elsewhere.</summary>
    public TimeSpan TerraformHeartbeatTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Upper bound of one plan or apply (Spacelift's default run limit is 70 min).</summary>
    public TimeSpan TerraformTimeout { get; init; } = TimeSpan.FromMinutes(70);

    /// <summary>Initial retry backoff of activities; short in tests.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    public RolloutOptions Rollout { get; init; } = new();

    /// <summary>The options a new change starts with, from <c>Karma:Changes</c>.</summary>
    public static ChangeOptions From(ChangesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ChangeOptions
        {
            ApprovalTimeout = settings.ApprovalTimeout,
            ReminderInterval = settings.ReminderInterval,
            RollbackOnVerifyFailure = settings.RollbackOnVerifyFailure,
            MaxApprovalRounds = settings.MaxApprovalRounds,
            TerraformHeartbeatTimeout = settings.TerraformHeartbeatTimeout,
            TerraformTimeout = settings.TerraformTimeout,
            Rollout = new RolloutOptions
            {
                Enabled = settings.Rollout.Enabled,
                MaxParallel = settings.Rollout.MaxParallel,
                ApprovalPerWave = settings.Rollout.ApprovalPerWave,
            },
        };
    }
}

/// <summary>How dependents are rolled out after an apply changed runtime values they consume.</summary>
public sealed record RolloutOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>How many dependents of one wave are planned or applied at once.</summary>
    public int MaxParallel { get; init; } = 4;

    /// <summary>Ask for approval before each wave instead of once for the whole rollout.</summary>
    public bool ApprovalPerWave { get; init; }
}
