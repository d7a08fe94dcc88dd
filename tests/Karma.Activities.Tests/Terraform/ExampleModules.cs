namespace Karma.Activities.Tests.Terraform;

/// <summary>Locates the repository's example modules (tests run from bin/, so walk up to the solution).</summary>
internal static class ExampleModules
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>examples/modules: holds components/&lt;type&gt;/ offline modules.</summary>
    public static string OfflineRoot => Path.Combine(RepositoryRoot, "examples", "modules");

    /// <summary>examples/modules/aws: holds components/&lt;type&gt;/ modules using the hashicorp/aws provider.</summary>
    public static string AwsRoot => Path.Combine(RepositoryRoot, "examples", "modules", "aws");

    /// <summary>examples/modules/adage: Adage-shaped components (config read from Parameter Store, runtime written by the module, S3 backend).</summary>
    public static string AdageRoot => Path.Combine(RepositoryRoot, "examples", "modules", "adage");

    private static string FindRepositoryRoot()
    {
        // Lets a build from outside the checkout (e.g. a copied test project) still find the modules.
        if (Environment.GetEnvironmentVariable("KARMA_REPO_ROOT") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Karma.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Karma.sln above {AppContext.BaseDirectory}.");
    }
}
