using System.Text.RegularExpressions;
using LibGit2Sharp;

namespace Karma.Activities.Git;

/// <summary>Turns a user's ref (branch, tag, full or abbreviated SHA, or any rev-parse expression) into a commit.</summary>
internal static partial class GitRefResolver
{
    [GeneratedRegex("^[0-9a-fA-F]{4,40}$")]
    private static partial Regex ShaPattern();

    /// <param name="remoteCache">True for Karma's cache clones, whose branches live under refs/remotes/origin.</param>
    public static Commit Resolve(Repository repo, string reference, bool remoteCache, string display)
    {
        foreach (var candidate in Candidates(reference, remoteCache))
        {
            if (Find(repo, candidate) is { } found && Peel(repo, found) is { } commit)
            {
                return commit;
            }
        }

        if (ShaPattern().IsMatch(reference) && repo.Lookup<Commit>(reference) is { } bySha)
        {
            return bySha;
        }

        try
        {
            if (TryPeel(repo.Lookup(reference)) is { } byRevParse)
            {
                return byRevParse;
            }
        }
        catch (LibGit2SharpException)
        {
            // Malformed or ambiguous expressions are reported as an unknown ref below.
        }

        throw new GitRefNotFoundException(reference, display);
    }

    /// <summary>The reference, or null when absent or when the name is not even a valid reference name ('main~1').</summary>
    public static Reference? Find(Repository repo, string canonicalName)
    {
        try
        {
            return repo.Refs[canonicalName];
        }
        catch (InvalidSpecificationException)
        {
            return null;
        }
    }

    public static IEnumerable<string> Candidates(string reference, bool remoteCache)
    {
        var name = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;
        if (remoteCache)
        {
            yield return $"refs/remotes/origin/{name}";
        }
        else
        {
            yield return $"refs/heads/{name}";
        }

        yield return reference.StartsWith("refs/", StringComparison.Ordinal) ? reference : $"refs/tags/{reference}";
        if (!remoteCache)
        {
            yield return $"refs/remotes/{reference}";
        }
    }

    private static Commit? Peel(Repository repo, Reference reference) =>
        reference.ResolveToDirectReference()?.Target is { } target ? TryPeel(repo.Lookup(target.Id)) : null;

    // Annotated tags point at tag objects; trees and blobs cannot become commits at all.
    private static Commit? TryPeel(GitObject? target)
    {
        if (target is null or Commit)
        {
            return target as Commit;
        }

        try
        {
            return target.Peel<Commit>();
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }
}
