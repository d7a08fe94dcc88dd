using Karma.Activities.Git;
using Karma.Activities.Terraform;

namespace Karma.Activities.Configuration;

/// <summary>Turns the configured Terraform settings into the runner's <see cref="TerraformOptions"/>.</summary>
public static class TerraformSettingsExtensions
{
    /// <param name="home">Karma's home (<see cref="KarmaOptions.Home"/>), root of the default work folder.</param>
    /// <param name="gitCredentials">HTTPS credentials for Git module sources (<c>Karma:Git</c>), if any.</param>
    public static TerraformOptions ToTerraformOptions(this TerraformSettings settings, string home, GitCredentials? gitCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.ModulesRoot) && settings.Modules.Count == 0)
        {
            throw new KarmaConfigurationException(
                "Karma:Terraform:ModulesRoot", "built-in default", "no modules folder or Git source is configured; Terraform needs one to plan or apply.");
        }

        return new TerraformOptions
        {
            BinaryPath = settings.Binary,
            ModulesRoot = settings.ModulesRoot ?? string.Empty,
            Modules = new Dictionary<string, string>(settings.Modules, StringComparer.Ordinal),
            ModuleCacheDirectory = Path.Combine(home, "modules"),
            GitCredentials = gitCredentials,
            WorkRoot = settings.WorkRoot ?? Path.Combine(home, "work"),
            StateRoot = settings.StateRoot,
            CliConfigFile = settings.CliConfigFile,
            PluginCacheDirectory = settings.PluginCacheDirectory,
            EnvironmentVariables = new Dictionary<string, string>(settings.Environment, StringComparer.Ordinal),
            StateLockTimeout = settings.StateLockTimeout,
            InterruptGracePeriod = settings.InterruptGracePeriod,
            PlanRetention = settings.PlanRetention,
        };
    }
}
