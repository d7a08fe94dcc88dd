using System.Text;
using Karma.Activities.Configuration;
using Karma.Activities.Git;
using Karma.Testing;

namespace Karma.Activities.Tests.Git;

public sealed class GitHttpCredentialsTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-git-http");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_token_from_KARMA_GIT_TOKEN_answers_the_servers_challenge_and_stays_out_of_errors()
    {
        await using var server = new AuthChallengingHttpServer();
        var options = KarmaConfigurationLoader.Load(new KarmaConfigurationInput
        {
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["KARMA_HOME"] = _temp.Path,
                ["KARMA_GIT_TOKEN"] = "ghp_token_value",
                ["Karma__Repo__Url"] = $"{server.BaseUrl}/org/config.git",
            },
        }).Options;
        var source = options.Repo.ToGitSource(options.Git)!;

        var error = await Assert.ThrowsAsync<GitRemoteException>(() => new GitConfigLoader(options.Home).LoadAsync(source, "prod", Ct));

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:ghp_token_value"));
        Assert.Contains(expected, server.AuthorizationHeaders);
        Assert.DoesNotContain("ghp_token_value", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{server.BaseUrl}/org/config.git", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_in_the_url_are_used_but_never_shown()
    {
        await using var server = new AuthChallengingHttpServer();
        var url = server.BaseUrl.Replace("http://", "http://bot:url-secret@", StringComparison.Ordinal) + "/org/config.git";

        var error = await Assert.ThrowsAsync<GitRemoteException>(() => new GitConfigLoader(_temp.Path).LoadAsync(new GitSource(url), "prod", Ct));

        Assert.Contains("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bot:url-secret")), server.AuthorizationHeaders);
        Assert.DoesNotContain("url-secret", error.ToString(), StringComparison.Ordinal);
        var cacheConfig = Directory.GetFiles(Path.Combine(_temp.Path, "repos"), "config", SearchOption.AllDirectories);
        // The cache clone is created before the fetch is refused, so its git config exists and must be checked.
        Assert.NotEmpty(cacheConfig);
        Assert.All(cacheConfig, file => Assert.DoesNotContain("url-secret", File.ReadAllText(file), StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();
}
