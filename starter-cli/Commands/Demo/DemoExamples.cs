using System.Reflection;
using LibGit2Sharp;

namespace Karma.Cli.Commands.Demo;

/// <summary>Unpacks the examples embedded in karma: the config repo (made a real Git repo) and the offline modules.</summary>
internal static class DemoExamples
{
    private const string ConfigPrefix = "examples/config-repo/";
    private const string ModulesPrefix = "examples/modules/";

    public static (string Repo, string Modules) Unpack(string root)
    {
        var repo = Path.Combine(root, "config-repo");
        var modules = Path.Combine(root, "modules");
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var target = name.StartsWith(ConfigPrefix, StringComparison.Ordinal) ? Path.Combine(repo, name[ConfigPrefix.Length..])
                : name.StartsWith(ModulesPrefix, StringComparison.Ordinal) ? Path.Combine(modules, name[ModulesPrefix.Length..])
                : null;
            if (target is null)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(target);
            source.CopyTo(file);
        }

        Repository.Init(repo);
        using var git = new Repository(repo);
        LibGit2Sharp.Commands.Stage(git, "*");
        var author = new Signature("Karma Demo", "demo@karma.local", DateTimeOffset.UtcNow);
        git.Commit("The example system", author, author);
        return (repo, modules);
    }
}
