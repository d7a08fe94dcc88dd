using Karma.Activities.Git;
using Karma.Core.Secrets;

namespace Karma.Activities.Terraform;

/// <summary>Where the runner finds terraform and modules, and where it keeps working directories and state.</summary>
public sealed record TerraformOptions
{
    /// <summary>The terraform executable: a bare name looked up on PATH, or a path.</summary>
    public string BinaryPath { get; init; } = "terraform";

    /// <summary>
    /// Root of per-instance working directories (<c>&lt;root&gt;/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;</c>).
    /// Null means <c>$KARMA_HOME/work</c>, or <c>~/.karma/work</c> when KARMA_HOME is unset.
    /// </summary>
    public string? WorkRoot { get; init; }

    /// <summary>
    /// Where <c>components/&lt;type&gt;/</c> modules are: a local folder, or a Git source in Terraform's syntax
    /// (<c>git::https://host/modules.git//subdir?ref=v1</c>, see <see cref="ModuleSource"/>). May be empty when
    /// <see cref="Modules"/> names every type used.
    /// </summary>
    public required string ModulesRoot { get; init; }

    /// <summary>
    /// Component type → the module's own folder or Git source (same syntax as <see cref="ModulesRoot"/>, but pointing
    /// at the module itself, not at a <c>components/</c> tree). Wins over <see cref="ModulesRoot"/> for that type.
    /// </summary>
    public IReadOnlyDictionary<string, string> Modules { get; init; } = new Dictionary<string, string>();

    /// <summary>Cache of Git module sources (bare clones and per-commit checkouts). Null means <c>$KARMA_HOME/modules</c>.</summary>
    public string? ModuleCacheDirectory { get; init; }

    /// <summary>HTTPS credentials for Git module sources (else those in the URL, if any).</summary>
    public GitCredentials? GitCredentials { get; init; }

    /// <summary>
    /// Where local-backend state lives: <c>&lt;root&gt;/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/terraform.tfstate</c>.
    /// Null keeps state inside the instance's working directory.
    /// </summary>
    public string? StateRoot { get; init; }

    /// <summary>The state backend (local by default; <c>s3</c> keeps state where Adage does).</summary>
    public TerraformBackend Backend { get; init; } = new();

    /// <summary>Component type → module contract, overriding detection (see <see cref="ModuleContracts"/>).</summary>
    public IReadOnlyDictionary<string, ModuleContract> Contracts { get; init; } = new Dictionary<string, ModuleContract>();

    /// <summary>A terraform CLI config file (e.g. one declaring a filesystem_mirror); exported as TF_CLI_CONFIG_FILE.</summary>
    public string? CliConfigFile { get; init; }

    /// <summary>Shared provider plugin cache (TF_PLUGIN_CACHE_DIR); created when missing.</summary>
    public string? PluginCacheDirectory { get; init; }

    /// <summary>Extra environment variables for every terraform process (e.g. AWS credentials, endpoints).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>How long terraform may take to stop after an interrupt (SIGINT) before it is killed.</summary>
    public TimeSpan InterruptGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Passed as <c>-lock-timeout</c> so a briefly held state lock is waited for instead of failing.</summary>
    public TimeSpan StateLockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether sensitive outputs are left out of <see cref="TerraformOutputs"/> or kept with a redacted value.</summary>
    public SensitiveOutputHandling SensitiveOutputs { get; init; } = SensitiveOutputHandling.Exclude;

    /// <summary>Saved plans (which hold secrets in plain text) older than this are deleted when the instance is planned again.</summary>
    public TimeSpan PlanRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How many trailing stderr lines an error message carries.</summary>
    public int ErrorTailLines { get; init; } = 20;

    public string ResolveWorkRoot() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(WorkRoot) ? Path.Combine(KarmaHome(), "work") : WorkRoot);

    public string ResolveModuleCacheDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(ModuleCacheDirectory) ? Path.Combine(KarmaHome(), "modules") : ModuleCacheDirectory);

    private static string KarmaHome()
    {
        var home = Environment.GetEnvironmentVariable("KARMA_HOME");
        return string.IsNullOrWhiteSpace(home) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".karma") : home;
    }
}

/// <summary>What happens to outputs terraform marks sensitive when reading runtime outputs.</summary>
public enum SensitiveOutputHandling
{
    /// <summary>Left out entirely (their names are still reported).</summary>
    Exclude,

    /// <summary>Kept with the value replaced by <see cref="SecretRedactor.Mask"/>.</summary>
    Redact,
}
