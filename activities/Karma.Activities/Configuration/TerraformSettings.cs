namespace Karma.Activities.Configuration;

/// <summary>How Terraform is run (<c>Karma:Terraform</c>).</summary>
public sealed class TerraformSettings
{
    /// <summary>The terraform executable: a name on PATH or a path.</summary>
    public string Binary { get; set; } = "terraform";

    /// <summary>Folder holding <c>components/&lt;type&gt;/</c> modules.</summary>
    public string? ModulesRoot { get; set; }

    /// <summary>Component type → module source, overriding <see cref="ModulesRoot"/> (karma.json's <c>modules</c>).</summary>
    public Dictionary<string, string> Modules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per-instance working directories; unset means <c>&lt;Home&gt;/work</c>.</summary>
    public string? WorkRoot { get; set; }

    /// <summary>Local-backend state folder; unset keeps state in each working directory.</summary>
    public string? StateRoot { get; set; }

    /// <summary>A terraform CLI config file (TF_CLI_CONFIG_FILE), e.g. declaring a provider filesystem mirror.</summary>
    public string? CliConfigFile { get; set; }

    /// <summary>Shared provider plugin cache (TF_PLUGIN_CACHE_DIR).</summary>
    public string? PluginCacheDirectory { get; set; }

    /// <summary>Wait for a held state lock this long (<c>-lock-timeout</c>).</summary>
    public TimeSpan StateLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Grace period between interrupting terraform and killing it.</summary>
    public TimeSpan InterruptGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Saved plan files older than this are deleted when their instance is planned again: they hold secrets in plain
    /// text. Keep it longer than <see cref="ChangesSettings.ApprovalTimeout"/>, or an approved change re-plans at apply.
    /// </summary>
    public TimeSpan PlanRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Extra environment variables for every terraform process.</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    public TerraformBackendSettings Backend { get; set; } = new();

    /// <summary>
    /// Component type → module contract (<c>variables</c> or <c>parameter-store</c>), overriding detection by the
    /// module's <c>config</c> variable.
    /// </summary>
    public Dictionary<string, string> Contracts { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Terraform state backend; <see cref="Config"/> entries become <c>-backend-config=key=value</c>.</summary>
public sealed class TerraformBackendSettings
{
    /// <summary>Backend type: <c>local</c> (default) or e.g. <c>s3</c>.</summary>
    public string Type { get; set; } = "local";

    public Dictionary<string, string> Config { get; set; } = new(StringComparer.Ordinal);

    /// <summary>State key per instance for remote backends; <c>{env}</c>, <c>{type}</c>, <c>{nickname}</c> are replaced.</summary>
    public string KeyTemplate { get; set; } = Terraform.TerraformBackend.DefaultKeyTemplate;
}
