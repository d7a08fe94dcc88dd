using Karma.Activities.Git;

namespace Karma.Activities.Configuration;

/// <summary>The Git config repo (<c>Karma:Repo</c>).</summary>
public sealed class RepoSettings
{
    /// <summary>A local path (working tree or bare) or a URL (https, file, ssh). Unset: no config repo.</summary>
    public string? Url { get; set; }

    /// <summary>Branch, tag or commit; unset means the remote's default branch (or HEAD of a local repo).</summary>
    public string? Ref { get; set; }

    /// <summary>The source for <see cref="GitConfigLoader"/>, or null when no repo is configured.</summary>
    public GitSource? ToGitSource(GitSettings git) =>
        string.IsNullOrWhiteSpace(Url) ? null : new GitSource(Url, string.IsNullOrWhiteSpace(Ref) ? null : Ref, git.ToCredentials());
}

/// <summary>HTTPS credentials for the config repo (<c>Karma:Git</c>); the token also comes from KARMA_GIT_TOKEN.</summary>
public sealed class GitSettings
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A personal access / app token, used as the password (KARMA_GIT_TOKEN).</summary>
    public string? Token { get; set; }

    public GitCredentials? ToCredentials() => GitCredentials.From(Username, Password, Token);
}
