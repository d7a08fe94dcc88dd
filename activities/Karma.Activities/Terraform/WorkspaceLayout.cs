using Karma.Core.Model;

namespace Karma.Activities.Terraform;

/// <summary>Derives an instance's folders from environment + id (see <see cref="TerraformWorkspace"/>).</summary>
internal static class WorkspaceLayout
{
    public const string StateFileName = "terraform.tfstate";

    public static TerraformWorkspace For(TerraformOptions options, string environment, ComponentId component)
    {
        if (!ComponentId.IsValidSegment(environment))
        {
            throw new TerraformInputException($"'{environment}' is not a valid environment name (letters, digits, '.', '_' or '-').");
        }

        if (!ComponentId.IsValidSegment(component.Type) || !ComponentId.IsValidSegment(component.Nickname))
        {
            throw new TerraformInputException($"'{component}' is not a valid component id.");
        }

        var directory = InstanceDirectory(options, environment, component);
        var statePath = string.IsNullOrWhiteSpace(options.StateRoot)
            ? Path.Combine(directory, StateFileName)
            : Path.Combine(Path.GetFullPath(options.StateRoot), environment, component.Type, component.Nickname, StateFileName);
        return new TerraformWorkspace(
            environment,
            component,
            directory,
            Path.Combine(directory, "src"),
            Path.Combine(directory, ".terraform"),
            Path.Combine(directory, "plans"),
            statePath);
    }

    /// <summary>A dry run's folders under the instance (<c>dry-runs/&lt;id&gt;</c>), sharing only the instance's state file.</summary>
    public static TerraformWorkspace ForDryRun(TerraformOptions options, string environment, ComponentId component, string dryRunId)
    {
        if (!ComponentId.IsValidSegment(dryRunId))
        {
            throw new TerraformInputException($"'{dryRunId}' is not a valid dry-run id (letters, digits, '.', '_' or '-').");
        }

        var instance = For(options, environment, component);
        var directory = Path.Combine(instance.Directory, DryRunsFolder, dryRunId);
        return instance with
        {
            Directory = directory,
            SourceDirectory = Path.Combine(directory, "src"),
            DataDirectory = Path.Combine(directory, ".terraform"),
            PlansDirectory = Path.Combine(directory, "plans"),
        };
    }

    public const string DryRunsFolder = "dry-runs";

    private static string InstanceDirectory(TerraformOptions options, string environment, ComponentId component) =>
        Path.Combine(options.ResolveWorkRoot(), environment, component.Type, component.Nickname);
}
