using Karma.Activities.Terraform;

namespace Karma.Activities.Configuration;

/// <summary>Turns the configured Terraform settings into the runner's <see cref="TerraformOptions"/>.</summary>
public static class TerraformSettingsExtensions
{
    /// <param name="home">Karma's home (<see cref="KarmaOptions.Home"/>), root of the default work folder.</param>
    public static TerraformOptions ToTerraformOptions(this TerraformSettings settings, string home)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.ModulesRoot))
        {
            throw new KarmaConfigurationException(
                "Karma:Terraform:ModulesRoot", "built-in default", "no modules folder is configured; Terraform needs one to plan or apply.");
        }

        return new TerraformOptions
        {
            BinaryPath = settings.Binary,
            ModulesRoot = settings.ModulesRoot,
            WorkRoot = settings.WorkRoot ?? Path.Combine(home, "work"),
            StateRoot = settings.StateRoot,
            CliConfigFile = settings.CliConfigFile,
            PluginCacheDirectory = settings.PluginCacheDirectory,
            EnvironmentVariables = new Dictionary<string, string>(settings.Environment, StringComparer.Ordinal),
            StateLockTimeout = settings.StateLockTimeout,
            InterruptGracePeriod = settings.InterruptGracePeriod,
        };
    }
}
