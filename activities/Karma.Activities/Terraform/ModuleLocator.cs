namespace Karma.Activities.Terraform;

/// <summary>
/// Finds the module folder of a component type: <see cref="TerraformOptions.Modules"/> for the type if set (the
/// module itself), else <c>components/&lt;type&gt;</c> under <see cref="TerraformOptions.ModulesRoot"/>. Either may
/// be a local folder or a Git source (fetched into the module cache).
/// </summary>
internal sealed class ModuleLocator(TerraformOptions options)
{
    private readonly GitModuleFetcher _git = new(options.ResolveModuleCacheDirectory(), options.GitCredentials);

    public async Task<string> LocateAsync(string componentType, CancellationToken cancellationToken)
    {
        var (source, underRoot) = SourceFor(componentType);
        var folder = source.IsGit ? (await _git.FetchAsync(source, cancellationToken).ConfigureAwait(false)).Directory : Path.GetFullPath(source.Location);
        return Require(underRoot ? Path.Combine(folder, "components", componentType) : folder, componentType, source);
    }

    /// <summary>The same for callers that cannot wait on a fetch: local folders only.</summary>
    public string LocateLocal(string componentType)
    {
        var (source, underRoot) = SourceFor(componentType);
        if (source.IsGit)
        {
            throw new TerraformInputException(
                $"The module of component type '{componentType}' comes from Git ({source.Display}); prepare the workspace with PrepareAsync, which fetches it.");
        }

        var folder = Path.GetFullPath(source.Location);
        return Require(underRoot ? Path.Combine(folder, "components", componentType) : folder, componentType, source);
    }

    private (ModuleSource Source, bool UnderRoot) SourceFor(string componentType)
    {
        foreach (var (type, own) in options.Modules)
        {
            if (string.Equals(type, componentType, StringComparison.OrdinalIgnoreCase))
            {
                return (ModuleSource.Parse(own, $"Karma:Terraform:Modules:{type}"), false);
            }
        }

        if (string.IsNullOrWhiteSpace(options.ModulesRoot))
        {
            throw new TerraformInputException(
                $"No Terraform module for component type '{componentType}': set Karma:Terraform:Modules:{componentType} or Karma:Terraform:ModulesRoot.");
        }

        return (ModuleSource.Parse(options.ModulesRoot, "Karma:Terraform:ModulesRoot"), true);
    }

    private static string Require(string folder, string componentType, ModuleSource source) =>
        Directory.Exists(folder)
            ? folder
            : throw new TerraformInputException(source.IsGit
                ? $"No Terraform module for component type '{componentType}': {source.Display} has no folder '{Path.GetFileName(folder)}' where expected ('{folder}')."
                : $"No Terraform module for component type '{componentType}': '{folder}' does not exist.");
}
