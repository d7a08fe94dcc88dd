using Karma.Core.Model;
using LibGit2Sharp;

namespace Karma.Activities.Git;

/// <summary>
/// Reads (and writes) Karma's config repo. Local paths are opened in place; remote URLs go through a cache
/// clone under <c>KARMA_HOME/repos</c>. Everything is read from commit trees, so uncommitted edits in a
/// local working tree are not seen: what Karma reads always has a commit SHA.
/// </summary>
public sealed class GitConfigLoader(string karmaHome)
{
    private readonly GitRepositoryCache _cache = new(Path.Combine(karmaHome, "repos"));

    public string CacheRoot => _cache.CacheRoot;

    /// <summary>Reads <c>iac/&lt;environment&gt;</c> and <c>karma.json</c> at the source's ref.</summary>
    public Task<ConfigRepoSnapshot> LoadAsync(GitSource source, string environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (NameRules.SegmentProblem(environment) is { } problem)
        {
            throw new ConfigRepoException($"Environment name {NameRules.Quote(environment)} is invalid: it {problem}.");
        }

        return WithCommitAsync(source, (commit, branch) =>
        {
            var settings = ReadKarmaFile(commit);
            var documents = ConfigTreeReader.Read(commit, environment, source.Display);
            var config = new ConfigSnapshot(environment, commit.Sha, documents, settings.Aliases);
            return new ConfigRepoSnapshot(config, settings, commit.Sha, branch);
        }, cancellationToken);
    }

    /// <summary>The SHA of the commit the source's ref names now (fetching first when the source is remote).</summary>
    public Task<string> ResolveCommitAsync(GitSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return WithCommitAsync(source, (commit, _) => commit.Sha, cancellationToken);
    }

    /// <summary>Reads only <c>karma.json</c> (empty when absent), e.g. to layer configuration before the environment is known.</summary>
    public Task<KarmaRepoFile> LoadSettingsAsync(GitSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return WithCommitAsync(source, (commit, _) => ReadKarmaFile(commit), cancellationToken);
    }

    /// <summary>
    /// Writes <see cref="ConfigChange.Json"/> as the component's config file and commits it (pushing when the
    /// source is remote). Idempotent: the same content again yields the existing commit with Changed=false.
    /// </summary>
    public Task<ConfigCommitResult> CommitConfigChangeAsync(GitSource source, ConfigChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(change);
        if (NameRules.SegmentProblem(change.Environment) is { } problem)
        {
            throw new ConfigRepoException($"Environment name {NameRules.Quote(change.Environment)} is invalid: it {problem}.");
        }

        return source.IsRemote
            ? Task.Run(() => new ConfigCommitWriter(_cache).CommitRemoteAsync(source, change, cancellationToken), cancellationToken)
            : Task.Run(() => CommitLocalAsync(source, change, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Local commits of one repository are serialised (across threads and processes): two changes committed at once
    /// would each build on the same parent, and the second ref update would drop the first commit.
    /// </summary>
    private async Task<ConfigCommitResult> CommitLocalAsync(GitSource source, ConfigChange change, CancellationToken cancellationToken)
    {
        using (await _cache.LockAsync("local:" + Path.GetFullPath(source.Repository), cancellationToken))
        {
            return ConfigCommitWriter.CommitLocal(source, change);
        }
    }

    private Task<T> WithCommitAsync<T>(GitSource source, Func<Commit, string?, T> read, CancellationToken cancellationToken) =>
        // libgit2 calls block; a thread-pool thread keeps callers (workflow workers, the CLI) responsive.
        Task.Run(
            async () =>
            {
                if (!source.IsRemote)
                {
                    using var local = OpenLocal(source.Repository);
                    var (commit, branch) = ResolveLocal(local, source);
                    return read(commit, branch);
                }

                var (url, credentials) = RemoteEndpoint(source);
                using (await _cache.LockAsync(url, cancellationToken))
                {
                    var (path, defaultBranch) = _cache.Sync(url, credentials, cancellationToken);
                    using var cached = new Repository(path);
                    var reference = source.Ref ?? defaultBranch
                        ?? throw new ConfigRepoException($"{source.Display} has no default branch (is it empty?); set Karma:Repo:Ref.");
                    var commit = GitRefResolver.Resolve(cached, reference, remoteCache: true, source.Display);
                    var branch = GitRefResolver.Find(cached, $"refs/remotes/origin/{reference}") is null ? null : reference;
                    return read(commit, branch);
                }
            },
            cancellationToken);

    internal static Repository OpenLocal(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new GitRepositoryNotFoundException(path);
        }

        if (!Repository.IsValid(full))
        {
            throw new NotAGitRepositoryException(path);
        }

        return new Repository(full);
    }

    internal static (string Url, GitCredentials? Credentials) RemoteEndpoint(GitSource source)
    {
        var (url, user, password) = GitUrlScrubber.SplitUserInfo(source.Repository);
        var credentials = source.Credentials ?? (password is null ? null : new GitCredentials(user ?? GitCredentials.TokenUsername, password));
        return (url, credentials);
    }

    private static (Commit Commit, string? Branch) ResolveLocal(Repository repo, GitSource source)
    {
        if (source.Ref is null)
        {
            var tip = repo.Head.Tip ?? throw new ConfigRepoException($"{source.Display} has no commits yet.");
            return (tip, repo.Info.IsHeadDetached ? null : repo.Head.FriendlyName);
        }

        var commit = GitRefResolver.Resolve(repo, source.Ref, remoteCache: false, source.Display);
        return (commit, GitRefResolver.Find(repo, $"refs/heads/{source.Ref}") is null ? null : source.Ref);
    }

    private static KarmaRepoFile ReadKarmaFile(Commit commit) =>
        commit.Tree[KarmaRepoFile.FileName]?.Target is Blob blob
            ? KarmaRepoFile.Parse(ConfigTreeReader.ReadText(blob, KarmaRepoFile.FileName), $"{KarmaRepoFile.FileName} at {commit.Sha[..12]}")
            : KarmaRepoFile.Empty;
}
