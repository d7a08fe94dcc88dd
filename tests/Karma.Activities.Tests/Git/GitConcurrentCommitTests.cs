using Karma.Activities.Git;
using Karma.Core.Model;
using Karma.Testing;

namespace Karma.Activities.Tests.Git;

/// <summary>Changes of different components finishing at once (a rollout wave) commit to the same local repo.</summary>
public sealed class GitConcurrentCommitTests : IDisposable
{
    private static readonly GitAuthor Karma = new("Karma", "karma@karma.local");

    private readonly TempDirectory _temp = new("karma-git-concurrent");

    [Fact]
    public async Task Concurrent_commits_of_different_components_all_land_and_leave_the_tree_clean()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo"));
        var components = Enumerable.Range(0, 8).Select(i => new ComponentId("lambda", $"fn-{i}")).ToList();
        foreach (var id in components)
        {
            builder.Component("dev", id.Type, id.Nickname, """{"v":1}""");
        }

        builder.Commit("v1");
        var source = new GitSource(builder.Repo.Path);

        // Separate loaders, as separate activities (or processes) would have.
        await Task.WhenAll(components.Select(id =>
            new GitConfigLoader(_temp.Combine("home")).CommitConfigChangeAsync(
                source, new ConfigChange("dev", id, """{"v":2}""", $"change {id}", Karma), TestContext.Current.CancellationToken)));

        foreach (var id in components)
        {
            Assert.Equal("{\"v\":2}\n", builder.Repo.ShowFile("HEAD", $"iac/dev/{id.Type}/{id.Nickname}/config.json"));
        }

        Assert.Equal(string.Empty, builder.Repo.Run("status", "--porcelain"));
    }

    public void Dispose() => _temp.Dispose();
}
