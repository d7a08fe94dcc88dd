using Karma.Activities.Git;
using Karma.Testing;

namespace Karma.Activities.Tests.Git;

public sealed class GitConfigLoaderRemoteTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-git-remote");
    private readonly GitConfigLoader _loader;

    public GitConfigLoaderRemoteTests() => _loader = new GitConfigLoader(_temp.Combine("home"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_url_is_cloned_into_the_cache_and_read_at_the_remote_default_branch()
    {
        // 'trunk' proves the default branch comes from the remote, not from a guess of main/master.
        var builder = new GitRepoBuilder(_temp.Combine("work"), "trunk").Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        var remote = builder.CloneBare(_temp.Combine("remote.git"));

        var snapshot = await _loader.LoadAsync(new GitSource(remote.FileUrl), "prod", Ct);

        Assert.Equal(builder.LastCommit, snapshot.CommitSha);
        Assert.Equal("trunk", snapshot.Branch);
        var cached = Assert.Single(Directory.GetDirectories(_loader.CacheRoot));
        Assert.Matches("^[0-9a-f]{16}$", Path.GetFileName(cached));
    }

    [Fact]
    public async Task A_second_load_fetches_new_commits_branches_and_tags()
    {
        var builder = new GitRepoBuilder(_temp.Combine("work")).Component("prod", "vpc", "main-vpc", """{"v":1}""").Commit("v1");
        var remote = builder.CloneBare(_temp.Combine("remote.git"));
        await _loader.LoadAsync(new GitSource(remote.FileUrl), "prod", Ct);

        builder.Repo.AddRemote("origin", remote.FileUrl);
        builder.Repo.Tag("v1");
        builder.Component("prod", "vpc", "main-vpc", """{"v":2}""").Commit("v2");
        builder.Repo.Branch("feature");
        builder.Component("prod", "vpc", "main-vpc", """{"v":3}""").Commit("v3");
        builder.Repo.Push("origin", "main").Push("origin", "feature").Push("origin", "v1");

        async Task<string> ReadAt(string? reference) =>
            Assert.Single((await _loader.LoadAsync(new GitSource(remote.FileUrl, reference), "prod", Ct)).Config.Documents).RawJson;

        Assert.Equal("""{"v":2}""", await ReadAt(null));
        Assert.Equal("""{"v":3}""", await ReadAt("feature"));
        Assert.Equal("""{"v":1}""", await ReadAt("v1"));
        Assert.Equal("""{"v":3}""", await ReadAt(builder.LastCommit));
        await Assert.ThrowsAsync<GitRefNotFoundException>(() => ReadAt("gone"));
    }

    [Fact]
    public async Task An_unreachable_https_remote_fails_without_revealing_credentials()
    {
        var source = new GitSource("https://karma-user:s3cret-token@127.0.0.1:1/org/config.git", Credentials: null);

        var error = await Assert.ThrowsAsync<GitRemoteException>(() => _loader.LoadAsync(source, "prod", Ct));

        Assert.Contains("https://127.0.0.1:1/org/config.git", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("karma-user", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_remote_is_a_remote_error()
    {
        var url = new Uri(_temp.Combine("no-such-remote.git")).AbsoluteUri;

        var error = await Assert.ThrowsAsync<GitRemoteException>(() => _loader.LoadAsync(new GitSource(url), "prod", Ct));

        Assert.Contains("no-such-remote.git", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_loads_of_one_remote_share_the_cache_safely()
    {
        var builder = new GitRepoBuilder(_temp.Combine("work")).Component("prod", "vpc", "main-vpc", "{}").Commit("v1");
        var remote = builder.CloneBare(_temp.Combine("remote.git"));
        // A second loader instance stands in for a second process using the same Karma home.
        var other = new GitConfigLoader(_temp.Combine("home"));

        var loads = Enumerable.Range(0, 6)
            .Select(i => (i % 2 == 0 ? _loader : other).LoadAsync(new GitSource(remote.FileUrl), "prod", Ct));
        var snapshots = await Task.WhenAll(loads);

        Assert.All(snapshots, s => Assert.Equal(builder.LastCommit, s.CommitSha));
        Assert.Single(Directory.GetDirectories(_loader.CacheRoot));
    }

    public void Dispose() => _temp.Dispose();
}
