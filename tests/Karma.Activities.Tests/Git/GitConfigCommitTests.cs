using Karma.Activities.Git;
using Karma.Core.Model;
using Karma.Testing;

namespace Karma.Activities.Tests.Git;

public sealed class GitConfigCommitTests : IDisposable
{
    private static readonly GitAuthor Alice = new("Alice Example", "alice@example.com");
    private static readonly ComponentId MainVpc = new("vpc", "main-vpc");

    private readonly TempDirectory _temp = new("karma-git-commit");
    private readonly GitConfigLoader _loader;

    public GitConfigCommitTests() => _loader = new GitConfigLoader(_temp.Combine("home"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commits_to_the_checked_out_branch_and_keeps_the_working_tree_clean()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        var change = new ConfigChange("prod", MainVpc, """{"v":2}""", "Change main-vpc", Alice);

        var result = await _loader.CommitConfigChangeAsync(new GitSource(builder.Repo.Path), change, Ct);

        Assert.True(result.Changed);
        Assert.Equal(("main", "iac/prod/vpc/main-vpc/config.json", false), (result.Branch, result.RepoPath, result.Pushed));
        Assert.Equal(result.CommitSha, builder.Repo.Head());
        Assert.Equal("Change main-vpc|Alice Example|alice@example.com", builder.Repo.Describe("HEAD"));
        Assert.Equal("{\"v\":2}\n", builder.Repo.ShowFile("HEAD", result.RepoPath));
        Assert.Equal("{\"v\":2}\n", builder.Repo.ReadWorkingFile(result.RepoPath));
        Assert.Equal(string.Empty, builder.Repo.Run("status", "--porcelain"));
    }

    [Fact]
    public async Task The_same_content_again_makes_no_new_commit()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        var change = new ConfigChange("prod", MainVpc, """{"v":2}""", "Change", Alice);

        var first = await _loader.CommitConfigChangeAsync(new GitSource(builder.Repo.Path), change, Ct);
        var second = await _loader.CommitConfigChangeAsync(new GitSource(builder.Repo.Path), change, Ct);

        Assert.False(second.Changed);
        Assert.Equal(first.CommitSha, second.CommitSha);
        Assert.Equal(first.CommitSha, builder.Repo.Head());
    }

    [Fact]
    public async Task Commits_to_a_new_branch_without_touching_the_current_one()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", """{"v":1}""", ComponentLayout.File).Commit("v1");
        var change = new ConfigChange("prod", MainVpc, """{"v":2}""", "On a branch", Alice, Branch: "karma/change-1");

        var result = await _loader.CommitConfigChangeAsync(new GitSource(builder.Repo.Path), change, Ct);

        Assert.Equal(builder.LastCommit, builder.Repo.Head());
        Assert.Equal("main", builder.Repo.CurrentBranch());
        Assert.Equal(result.CommitSha, builder.Repo.Resolve("karma/change-1"));
        Assert.Equal("iac/prod/vpc/main-vpc.json", result.RepoPath);
        Assert.Equal("{\"v\":2}\n", builder.Repo.ShowFile("karma/change-1", "iac/prod/vpc/main-vpc.json"));
        Assert.Equal("""{"v":1}""", builder.Repo.ReadWorkingFile("iac/prod/vpc/main-vpc.json"));
    }

    [Fact]
    public async Task A_new_component_gets_the_folder_layout()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", "{}").Commit("v1");
        var change = new ConfigChange("prod", new ComponentId("s3-bucket", "logs"), """{"bucket_name":"logs"}""", "Add logs bucket", Alice);

        await _loader.CommitConfigChangeAsync(new GitSource(builder.Repo.Path), change, Ct);
        var snapshot = await _loader.LoadAsync(new GitSource(builder.Repo.Path), "prod", Ct);

        Assert.Contains(snapshot.Config.Documents, d => d.RepoPath == "iac/prod/s3-bucket/logs/config.json");
    }

    [Fact]
    public async Task Uncommitted_edits_to_the_same_file_are_not_overwritten()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        builder.Repo.WriteFile("iac/prod/vpc/main-vpc/config.json", """{"mine":true}""");

        var error = await Assert.ThrowsAsync<ConfigRepoException>(() => _loader.CommitConfigChangeAsync(
            new GitSource(builder.Repo.Path), new ConfigChange("prod", MainVpc, """{"v":2}""", "Change", Alice), Ct));

        Assert.Contains("uncommitted changes", error.Message, StringComparison.Ordinal);
        Assert.Equal(builder.LastCommit, builder.Repo.Head());
        Assert.Equal("""{"mine":true}""", builder.Repo.ReadWorkingFile("iac/prod/vpc/main-vpc/config.json"));
    }

    [Fact]
    public async Task Commits_to_a_remote_are_pushed_to_the_default_branch_or_a_new_branch()
    {
        var builder = new GitRepoBuilder(_temp.Combine("work")).Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        var remote = builder.CloneBare(_temp.Combine("remote.git"));
        var source = new GitSource(remote.FileUrl);

        var onDefault = await _loader.CommitConfigChangeAsync(source, new ConfigChange("prod", MainVpc, """{"v":2}""", "v2", Alice), Ct);
        var onBranch = await _loader.CommitConfigChangeAsync(
            source, new ConfigChange("prod", MainVpc, """{"v":3}""", "v3", Alice, Branch: "karma/change-7"), Ct);

        Assert.True(onDefault.Pushed);
        Assert.Equal("main", onDefault.Branch);
        Assert.Equal(onDefault.CommitSha, remote.Resolve("main"));
        Assert.Equal("{\"v\":2}\n", remote.ShowFile("main", "iac/prod/vpc/main-vpc/config.json"));
        Assert.Equal(onBranch.CommitSha, remote.Resolve("karma/change-7"));
        Assert.Equal(onDefault.CommitSha, remote.Resolve("karma/change-7~1"));
        Assert.Equal("v3|Alice Example|alice@example.com", remote.Describe("karma/change-7"));
        var readBack = await _loader.LoadAsync(new GitSource(remote.FileUrl, "karma/change-7"), "prod", Ct);
        Assert.Equal("{\"v\":3}\n", Assert.Single(readBack.Config.Documents).RawJson);
    }

    [Fact]
    public async Task A_remote_commit_builds_on_commits_pushed_by_others_meanwhile()
    {
        var builder = new GitRepoBuilder(_temp.Combine("work")).Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        var remote = builder.CloneBare(_temp.Combine("remote.git"));
        var source = new GitSource(remote.FileUrl);
        await _loader.LoadAsync(source, "prod", Ct);
        builder.Repo.AddRemote("origin", remote.FileUrl);
        builder.Component("prod", "vpc", "other", "{}").Commit("someone else");
        builder.Repo.Push("origin", "main");

        var result = await _loader.CommitConfigChangeAsync(source, new ConfigChange("prod", MainVpc, """{"v":2}""", "mine", Alice), Ct);

        Assert.Equal(builder.LastCommit, remote.Resolve("main~1"));
        Assert.Equal(result.CommitSha, remote.Resolve("main"));
        Assert.Equal("{}", remote.ShowFile("main", "iac/prod/vpc/other/config.json"));
    }

    [Fact]
    public async Task An_invalid_branch_name_is_refused()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).Component("prod", "vpc", "main-vpc", "{}").Commit("v1");

        var error = await Assert.ThrowsAsync<ConfigRepoException>(() => _loader.CommitConfigChangeAsync(
            new GitSource(builder.Repo.Path), new ConfigChange("prod", MainVpc, "{}", "x", Alice, Branch: "bad..name"), Ct));

        Assert.Contains("'bad..name' is not a valid branch name", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
