using Karma.Activities.Git;

namespace Karma.Activities.Tests.Git;

public sealed class GitUrlScrubberTests
{
    [Theory]
    [InlineData("https://user:tok@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("https://tok@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("failed to fetch https://u:p@h/r.git: 401", "failed to fetch https://h/r.git: 401")]
    [InlineData("/local/path", "/local/path")]
    public void Userinfo_is_removed(string text, string expected) => Assert.Equal(expected, GitUrlScrubber.ScrubUrl(text));

    [Fact]
    public void Userinfo_is_split_into_credentials()
    {
        var (url, user, password) = GitUrlScrubber.SplitUserInfo("https://bot:p%40ss@example.com/r.git");

        Assert.Equal(("https://example.com/r.git", "bot", "p@ss"), (url, user, password));
    }

    [Theory]
    [InlineData("https://github.com/org/repo.git", true)]
    [InlineData("file:///srv/git/config.git", true)]
    [InlineData("ssh://git@github.com/org/repo.git", true)]
    [InlineData("git@github.com:org/repo.git", true)]
    [InlineData("/srv/git/config", false)]
    [InlineData("../config", false)]
    [InlineData(@"C:\repos\config", false)]
    public void Remote_sources_are_recognised(string repository, bool remote) => Assert.Equal(remote, new GitSource(repository).IsRemote);

    [Fact]
    public void Credentials_come_from_settings_or_the_token_and_never_print()
    {
        Assert.Null(GitCredentials.From(null, null, null));
        Assert.Equal(new GitCredentials("x-access-token", "tok"), GitCredentials.From(null, null, "tok"));
        Assert.Equal(new GitCredentials("me", "pw"), GitCredentials.From("me", "pw", "tok"));
        Assert.DoesNotContain("pw", new GitCredentials("me", "pw").ToString(), StringComparison.Ordinal);
    }
}
