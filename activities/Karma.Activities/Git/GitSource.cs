using System.Text.RegularExpressions;

namespace Karma.Activities.Git;

/// <summary>
/// Where the config repo is: a local path (working tree or bare) read in place, or a remote URL
/// (https, http, file, ssh, or scp-like <c>git@host:org/repo.git</c>) read through a cache clone.
/// <paramref name="Ref"/> is a branch, tag or commit; null means the remote's default branch, or HEAD locally.
/// </summary>
public sealed partial record GitSource(string Repository, string? Ref = null, GitCredentials? Credentials = null)
{
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex SchemePattern();

    // user@host:path, but not a Windows drive ('C:\…').
    [GeneratedRegex(@"^[^/\\\s@]+@[^/\\\s:]+:[^\\]")]
    private static partial Regex ScpLikePattern();

    public bool IsRemote => SchemePattern().IsMatch(Repository) || ScpLikePattern().IsMatch(Repository);

    /// <summary>The repository for messages and logs: credentials removed.</summary>
    public string Display => GitUrlScrubber.ScrubUrl(Repository);

    public override string ToString() => Ref is null ? Display : $"{Display}@{Ref}";
}
