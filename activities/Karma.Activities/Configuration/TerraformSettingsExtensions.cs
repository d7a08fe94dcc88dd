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
            Backend = new TerraformBackend
            {
                Type = settings.Backend.Type,
                Config = new Dictionary<string, string>(settings.Backend.Config, StringComparer.Ordinal),
                KeyTemplate = settings.Backend.KeyTemplate,
            },
            Contracts = Contracts(settings),
        };
    }

    private static Dictionary<string, ModuleContract> Contracts(TerraformSettings settings)
    {
        var contracts = new Dictionary<string, ModuleContract>(StringComparer.Ordinal);
        foreach (var (type, value) in settings.Contracts)
        {
            contracts[type] = ModuleContracts.Parse(value) ?? throw new KarmaConfigurationException(
                $"Karma:Terraform:Contracts:{type}", "configuration",
                $"'{value}' is not a module contract; use '{ModuleContracts.VariablesName}' or '{ModuleContracts.ParameterStoreName}'.");
        }

        if (!string.IsNullOrWhiteSpace(settings.Backend.KeyTemplate) && !settings.Backend.KeyTemplate.Contains("{nickname}", StringComparison.Ordinal))
        {
            throw new KarmaConfigurationException("Karma:Terraform:Backend:KeyTemplate", "configuration",
                $"'{settings.Backend.KeyTemplate}' has no {{nickname}}: every instance would share one state.");
        }

        return contracts;
    }
}
