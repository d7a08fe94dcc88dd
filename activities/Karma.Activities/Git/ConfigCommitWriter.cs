using System.Text;
using LibGit2Sharp;

namespace Karma.Activities.Git;

/// <summary>
/// Commits one component's config without a checkout: the new tree is built from the parent commit's tree,
/// so other files, other staged work and the working tree are left alone (except the one file, kept in step
/// when committing to the checked-out branch).
/// </summary>
internal sealed class ConfigCommitWriter(GitRepositoryCache cache)
{
    // Someone else pushing between our fetch and push makes ours a non-fast-forward; rebuild on their tip and retry.
    private const int PushAttempts = 3;

    public static ConfigCommitResult CommitLocal(GitSource source, ConfigChange change)
    {
        using var repo = GitConfigLoader.OpenLocal(source.Repository);
        var current = repo.Info.IsHeadUnborn || repo.Info.IsHeadDetached ? null : repo.Head.FriendlyName;
        var branch = change.Branch ?? current
            ?? throw new ConfigRepoException($"{source.Display} has a detached HEAD; name the branch to commit to.");
        EnsureValidBranch(branch);
        var existing = GitRefResolver.Find(repo, $"refs/heads/{branch}") is null ? null : repo.Branches[branch];
        var parent = existing?.Tip
            ?? GitRefResolver.Resolve(repo, change.BaseRef ?? "HEAD", remoteCache: false, source.Display);
        var path = ComponentPath(parent, change);
        var updatesWorkingTree = !repo.Info.IsBare && branch == current;
        if (updatesWorkingTree)
        {
            EnsureWorkingFileUntouched(repo, parent, path);
        }

        var (commit, changed) = BuildCommit(repo, parent, path, change);
        if (!changed)
        {
            return new ConfigCommitResult(parent.Sha, Changed: false, path, branch, Pushed: false);
        }

        repo.Refs.Add($"refs/heads/{branch}", commit.Id, $"karma: {change.Message}", allowOverwrite: true);
        if (updatesWorkingTree)
        {
            var full = Path.Combine(repo.Info.WorkingDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, Content(change));
            repo.Index.Add(path);
            repo.Index.Write();
        }

        return new ConfigCommitResult(commit.Sha, Changed: true, path, branch, Pushed: false);
    }

    public async Task<ConfigCommitResult> CommitRemoteAsync(GitSource source, ConfigChange change, CancellationToken cancellationToken)
    {
        var (url, credentials) = GitConfigLoader.RemoteEndpoint(source);
        using (await cache.LockAsync(url, cancellationToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                var (cachePath, defaultBranch) = cache.Sync(url, credentials, cancellationToken);
                using var repo = new Repository(cachePath);
                var branch = change.Branch ?? defaultBranch
                    ?? throw new ConfigRepoException($"{source.Display} has no default branch (is it empty?); name the branch to commit to.");
                EnsureValidBranch(branch);
                var parent = GitRefResolver.Find(repo, $"refs/remotes/origin/{branch}") is { } tracking
                    ? repo.Lookup<Commit>(tracking.ResolveToDirectReference().TargetIdentifier)
                    : GitRefResolver.Resolve(repo, change.BaseRef ?? defaultBranch ?? branch, remoteCache: true, source.Display);
                var path = ComponentPath(parent, change);
                var (commit, changed) = BuildCommit(repo, parent, path, change);
                if (!changed)
                {
                    return new ConfigCommitResult(parent.Sha, Changed: false, path, branch, Pushed: false);
                }

                repo.Refs.Add($"refs/heads/{branch}", commit.Id, $"karma: {change.Message}", allowOverwrite: true);
                if (TryPush(repo, branch, url, credentials, cancellationToken, out var rejection))
                {
                    repo.Refs.Add($"refs/remotes/origin/{branch}", commit.Id, "karma: pushed", allowOverwrite: true);
                    return new ConfigCommitResult(commit.Sha, Changed: true, path, branch, Pushed: true);
                }

                if (attempt == PushAttempts)
                {
                    throw new GitRemoteException($"Cannot push to {GitUrlScrubber.ScrubUrl(url)} branch '{branch}': {rejection}");
                }
            }
        }
    }

    private static void EnsureValidBranch(string branch)
    {
        if (!Reference.IsValidName($"refs/heads/{branch}"))
        {
            throw new ConfigRepoException($"'{branch}' is not a valid branch name.");
        }
    }

    /// <summary>The file the component already uses (either layout), else the folder layout's config.json.</summary>
    private static string ComponentPath(Commit parent, ConfigChange change)
    {
        var folder = $"iac/{change.Environment}/{change.Component.Type}";
        var flat = $"{folder}/{change.Component.Nickname}.json";
        return parent.Tree[flat] is { TargetType: TreeEntryTargetType.Blob } ? flat : $"{folder}/{change.Component.Nickname}/config.json";
    }

    private static string Content(ConfigChange change) => change.Json.EndsWith('\n') ? change.Json : change.Json + "\n";

    private static (Commit Commit, bool Changed) BuildCommit(Repository repo, Commit parent, string path, ConfigChange change)
    {
        var bytes = Encoding.UTF8.GetBytes(Content(change));
        using var stream = new MemoryStream(bytes);
        var blob = repo.ObjectDatabase.CreateBlob(stream);
        if (parent.Tree[path]?.Target.Id == blob.Id)
        {
            return (parent, false);
        }

        var tree = repo.ObjectDatabase.CreateTree(TreeDefinition.From(parent.Tree).Add(path, blob, Mode.NonExecutableFile));
        var signature = new Signature(change.Author.Name, change.Author.Email, DateTimeOffset.UtcNow);
        return (repo.ObjectDatabase.CreateCommit(signature, signature, change.Message, tree, [parent], prettifyMessage: true), true);
    }

    /// <summary>Refuses to overwrite a user's uncommitted edit of the very file being committed.</summary>
    private static void EnsureWorkingFileUntouched(Repository repo, Commit parent, string path)
    {
        var state = repo.RetrieveStatus(path);
        if (state is not (FileStatus.Unaltered or FileStatus.Nonexistent))
        {
            throw new ConfigRepoException($"'{path}' has uncommitted changes in {repo.Info.WorkingDirectory}; commit or discard them first.");
        }

        if (parent.Tree[path] is null && File.Exists(Path.Combine(repo.Info.WorkingDirectory, path)))
        {
            throw new ConfigRepoException($"'{path}' exists untracked in {repo.Info.WorkingDirectory}; commit or remove it first.");
        }
    }

    private static bool TryPush(Repository repo, string branch, string url, GitCredentials? credentials, CancellationToken cancellationToken, out string? rejection)
    {
        string? error = null;
        var options = new PushOptions
        {
            CredentialsProvider = GitRepositoryCache.CredentialsHandler(credentials),
            OnPushStatusError = e => error = e.Message,
        };
        try
        {
            GitRepositoryCache.RemoteCall(
                () => repo.Network.Push(repo.Network.Remotes[GitRepositoryCache.RemoteName], $"refs/heads/{branch}:refs/heads/{branch}", options),
                "push to",
                url,
                credentials,
                cancellationToken);
        }
        catch (GitRemoteException ex) when (ex.Message.Contains("fastforward", StringComparison.OrdinalIgnoreCase) ||
                                             ex.Message.Contains("fast-forward", StringComparison.OrdinalIgnoreCase))
        {
            error = ex.Message;
        }

        rejection = error is null ? null : GitUrlScrubber.ScrubText(error, credentials?.Password);
        return error is null;
    }
}
