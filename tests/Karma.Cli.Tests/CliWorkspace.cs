using Karma.Testing;

namespace Karma.Cli.Tests;

/// <summary>
/// What the lifecycle specs share: a temp folder with a config repo of environment <c>dev</c>, the offline example
/// modules and one KARMA_HOME, and karma processes run as a given identity. Disposing stops the background dev server.
/// </summary>
internal sealed class CliWorkspace : IAsyncDisposable
{
    public CliWorkspace(string name, string commitMessage, params (string Path, string Json)[] configs)
    {
        RequiredTool.Require("terraform", "to plan and apply changes");
        GitRepo.RequireGit();
        Temp = new TempDirectory(name);
        Modules = Path.Combine(KarmaProcess.RepoRoot(), "examples", "modules");
        Repo = GitRepo.Init(Temp.Combine("config-repo"));
        foreach (var (path, json) in configs)
        {
            Repo.WriteFile(path, json);
        }

        Repo.Commit(commitMessage);
    }

    public TempDirectory Temp { get; }

    public GitRepo Repo { get; }

    public string Modules { get; }

    public string Home => Temp.Combine("home");

    /// <summary>A karma process acting as <paramref name="identity"/>, with extra <c>Karma__…</c> settings.</summary>
    public KarmaProcess Karma(string identity, params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Karma__Identity__User"] = identity,
            ["Karma__Repo__Url"] = Repo.Path,
            ["Karma__Environment"] = "dev",
            ["Karma__Terraform__ModulesRoot"] = Modules,
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return new KarmaProcess(Home, environment);
    }

    public async ValueTask DisposeAsync()
    {
        await Karma("cleanup").RunAsync(Temp.Path, "dev-server", "stop");
        Temp.Dispose();
    }
}
