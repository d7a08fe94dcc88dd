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

        var directory = Path.Combine(options.ResolveWorkRoot(), environment, component.Type, component.Nickname);
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
}
