using LibGit2Sharp;

namespace Karma.Benchmarks;

/// <summary>
/// A config repo holding an empty <c>iac/&lt;env&gt;/</c>: every proposal is checked against its environment's folder in
/// the config repo, so the lifecycle benchmarks need one (their components are new to it, which proposals may be).
/// </summary>
internal static class BenchConfigRepo
{
    /// <param name="components">Configs to commit as <c>iac/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/config.json</c> (key <c>type/nickname</c>).</param>
    public static string Create(string root, string environment, IReadOnlyDictionary<string, string>? components = null)
    {
        var path = Path.Combine(root, "config-repo");
        Repository.Init(path);
        Directory.CreateDirectory(Path.Combine(path, "iac", environment));
        File.WriteAllText(Path.Combine(path, "iac", environment, "README.md"), $"components of {environment}");
        foreach (var (component, config) in components ?? new Dictionary<string, string>())
        {
            var folder = Path.Combine(path, "iac", environment, component);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "config.json"), config);
        }

        using var repo = new Repository(path);
        Commands.Stage(repo, "*");
        var author = new Signature("karma bench", "bench@karma.local", DateTimeOffset.UtcNow);
        repo.Commit($"environment {environment}", author, author);
        return path;
    }
}
