using Karma.Testing;

namespace Karma.Cli.Tests;

/// <summary>A temp folder with a KARMA_HOME and a git config repo holding a small system, for CLI specs.</summary>
public sealed class ConfigRepoFixture : IDisposable
{
    private readonly TempDirectory _temp = new("karma-cli");

    public ConfigRepoFixture()
    {
        GitRepo.RequireGit();
        Repo = GitRepo.Init(_temp.Combine("config-repo"));
        Repo.WriteFile("iac/dev/vpc/main-vpc/config.json", """{"cidr_block":"10.0.0.0/16"}""")
            .WriteFile("iac/dev/ecs-cluster/main-cluster/config.json", """{"cluster_name":"main","vpc_nickname":"main-vpc"}""")
            .WriteFile("iac/dev/ecs-service/api/config.json", """{"cluster_nickname":"main-cluster","container":{"image":"api:1"}}""")
            .WriteFile("iac/dev/s3-bucket/assets.json", """{"bucket_name":"assets"}""");
        Repo.Commit("a small system");
        Karma = new KarmaProcess(_temp.Combine("home"));
    }

    public GitRepo Repo { get; }

    public KarmaProcess Karma { get; }

    public string WorkDir => _temp.Path;

    public Task<KarmaRun> RunAsync(params string[] args) => Karma.RunAsync(WorkDir, args);

    public Task<KarmaRun> RunInRepoAsync(params string[] args) => Karma.RunAsync(WorkDir, [.. args, "--repo", Repo.Path, "--env", "dev"]);

    public void Dispose() => _temp.Dispose();
}
