using System.Text.RegularExpressions;

namespace Karma.Activities.Git;

/// <summary>Removes credentials from URLs and from any text (library error messages) that might quote them.</summary>
public static partial class GitUrlScrubber
{
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")]
    private static partial Regex UserInfoPattern();

    /// <summary><c>https://user:token@host/repo.git</c> → <c>https://host/repo.git</c>.</summary>
    public static string ScrubUrl(string url) => UserInfoPattern().Replace(url, "${scheme}");

    /// <summary>Scrubs URLs and replaces each known secret with ****.</summary>
    public static string ScrubText(string text, params string?[] secrets)
    {
        var scrubbed = ScrubUrl(text);
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                scrubbed = scrubbed.Replace(secret, "****", StringComparison.Ordinal);
            }
        }

        return scrubbed;
    }

    /// <summary>Splits <c>user:password@</c> out of an http(s) URL; null parts when there is none.</summary>
    public static (string Url, string? Username, string? Password) SplitUserInfo(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return (url, null, null);
        }

        var parts = uri.UserInfo.Split(':', 2);
        var username = Uri.UnescapeDataString(parts[0]);
        var password = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : null;
        return (ScrubUrl(url), username, password);
    }
}
