using Karma.Core.Model;

namespace Karma.Activities.Git;

/// <summary>Who a commit is attributed to.</summary>
public sealed record GitAuthor(string Name, string Email);

/// <summary>
/// A new config for one component, to be committed to the config repo.
/// <paramref name="Branch"/> null means the current branch (local) or the default branch (remote);
/// a branch that does not exist yet starts from <paramref name="BaseRef"/> (default: that same current/default branch).
/// </summary>
public sealed record ConfigChange(
    string Environment,
    ComponentId Component,
    string Json,
    string Message,
    GitAuthor Author,
    string? Branch = null,
    string? BaseRef = null);

/// <summary>The commit holding the change. <paramref name="Changed"/> is false when the file already had this content (no new commit).</summary>
public sealed record ConfigCommitResult(string CommitSha, bool Changed, string RepoPath, string Branch, bool Pushed);
