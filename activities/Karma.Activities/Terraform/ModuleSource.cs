using Karma.Activities.Git;

namespace Karma.Activities.Terraform;

/// <summary>
/// Where Terraform modules come from: a local folder, or a Git repository in Terraform's own module source syntax
/// <c>git::&lt;url&gt;[//&lt;subdir&gt;][?ref=&lt;branch|tag|sha&gt;]</c> (the <c>git::</c> prefix may be left out when the
/// URL has a scheme — https, ssh, file — or is scp-like, <c>git@host:org/repo.git</c>).
/// </summary>
/// <param name="Location">The folder, or the repository URL (without subdir and ref).</param>
/// <param name="Subdirectory">Folder inside the repository ('/'-separated, no '..'); empty for its root.</param>
/// <param name="Ref">Branch, tag or commit; null means the repository's default branch.</param>
public sealed record ModuleSource(string Location, bool IsGit, string Subdirectory = "", string? Ref = null)
{
    private const string GitPrefix = "git::";

    /// <summary>For messages and logs: credentials removed.</summary>
    public string Display => IsGit
        ? GitPrefix + GitUrlScrubber.ScrubUrl(Location) + (Subdirectory.Length > 0 ? "//" + Subdirectory : string.Empty) + (Ref is null ? string.Empty : "?ref=" + Ref)
        : Location;

    /// <param name="setting">Names the setting in error messages (e.g. <c>Karma:Terraform:Modules:vpc</c>).</param>
    public static ModuleSource Parse(string source, string setting)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = source.Trim();
        if (text.Length == 0)
        {
            throw new TerraformInputException($"{setting} is empty: give a folder or a Git URL (git::https://host/repo.git//subdir?ref=v1).");
        }

        var explicitGit = text.StartsWith(GitPrefix, StringComparison.OrdinalIgnoreCase);
        if (explicitGit)
        {
            text = text[GitPrefix.Length..];
        }

        if (!explicitGit && !new GitSource(text).IsRemote)
        {
            return new ModuleSource(text, IsGit: false);
        }

        string? reference = null;
        var query = text.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            reference = ParseQuery(text[(query + 1)..], source, setting);
            text = text[..query];
        }

        // '//' after the scheme separates the repository from the folder inside it (as in Terraform's sources).
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var split = text.IndexOf("//", schemeEnd < 0 ? 0 : schemeEnd + 3, StringComparison.Ordinal);
        var subdirectory = split < 0 ? string.Empty : text[(split + 2)..].Trim('/');
        var url = split < 0 ? text : text[..split];
        if (subdirectory.Split('/').Any(segment => segment is ".." or "."))
        {
            throw new TerraformInputException($"{setting}: the folder '{subdirectory}' in '{GitUrlScrubber.ScrubUrl(source)}' must not contain '.' or '..' segments.");
        }

        if (url.Length == 0 || (explicitGit && !new GitSource(url).IsRemote && !Path.IsPathRooted(url)))
        {
            throw new TerraformInputException($"{setting}: '{GitUrlScrubber.ScrubUrl(source)}' is not a Git URL (expected git::https://host/repo.git//subdir?ref=v1).");
        }

        return new ModuleSource(url, IsGit: true, subdirectory, reference);
    }

    public override string ToString() => Display;

    private static string? ParseQuery(string query, string source, string setting)
    {
        string? reference = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] != "ref" || parts.Length != 2 || parts[1].Length == 0)
            {
                throw new TerraformInputException(
                    $"{setting}: unsupported parameter '{parts[0]}' in '{GitUrlScrubber.ScrubUrl(source)}'; only '?ref=<branch|tag|sha>' is understood.");
            }

            reference = Uri.UnescapeDataString(parts[1]);
        }

        return reference;
    }
}
