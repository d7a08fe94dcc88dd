using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace Karma.Activities.Git;

/// <summary>
/// Bare clones of remote config repos under <c>KARMA_HOME/repos/&lt;hash-of-url&gt;</c>, fetched before each use.
/// Branches are kept as <c>refs/remotes/origin/*</c> and tags as <c>refs/tags/*</c>; the remote's default branch
/// is recorded as <c>refs/remotes/origin/HEAD</c>. A lock file serialises processes sharing one cache.
/// </summary>
internal sealed class GitRepositoryCache(string cacheRoot)
{
    public const string RemoteName = "origin";

    private static readonly string[] FetchRefSpecs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"];
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public string CacheRoot { get; } = cacheRoot;

    public static string Key(string scrubbedUrl) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scrubbedUrl.TrimEnd('/'))))[..16];

    /// <summary>Takes the cache's lock for <paramref name="url"/>; dispose to release. Waits for other processes.</summary>
    public async Task<IDisposable> LockAsync(string url, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(CacheRoot);
        var lockPath = Path.Combine(CacheRoot, Key(url) + ".lock");
        var waited = TimeSpan.Zero;
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix, so it excludes other processes and other handles alike.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited < LockTimeout)
            {
                await Task.Delay(pause, cancellationToken);
                waited += pause;
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
            }
        }
    }

    /// <summary>Creates or updates the cache clone; returns its path and the remote's default branch. Call under <see cref="LockAsync"/>.</summary>
    public (string Path, string? DefaultBranch) Sync(string url, GitCredentials? credentials, CancellationToken cancellationToken)
    {
        var path = Path.Combine(CacheRoot, Key(url));
        if (!Repository.IsValid(path))
        {
            if (Directory.Exists(path))
            {
                // A half-created clone from an interrupted run: start over.
                Directory.Delete(path, recursive: true);
            }

            Repository.Init(path, isBare: true);
        }

        using var repo = new Repository(path);
        var remote = repo.Network.Remotes[RemoteName];
        if (remote is null)
        {
            repo.Network.Remotes.Add(RemoteName, url, FetchRefSpecs[0]);
        }
        else if (remote.Url != url)
        {
            repo.Network.Remotes.Update(RemoteName, r => r.Url = url);
        }

        var handler = CredentialsHandler(credentials);
        var defaultBranch = RemoteDefaultBranch(repo, handler, url, credentials);
        var options = new FetchOptions
        {
            CredentialsProvider = handler,
            Prune = true,
            TagFetchMode = TagFetchMode.None,
            OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
        };
        RemoteCall(() => Commands.Fetch(repo, RemoteName, FetchRefSpecs, options, "karma fetch"), "fetch from", url, credentials, cancellationToken);

        if (defaultBranch is not null && repo.Refs[$"refs/remotes/{RemoteName}/{defaultBranch}"] is not null)
        {
            repo.Refs.Add($"refs/remotes/{RemoteName}/HEAD", $"refs/remotes/{RemoteName}/{defaultBranch}", allowOverwrite: true);
        }

        return (path, defaultBranch);
    }

    public static CredentialsHandler? CredentialsHandler(GitCredentials? credentials) =>
        credentials is null
            ? null
            : (_, _, _) => new UsernamePasswordCredentials { Username = credentials.Username, Password = credentials.Password };

    /// <summary>Runs a libgit2 network call, translating failures into <see cref="GitRemoteException"/> without secrets.</summary>
    public static void RemoteCall(Action call, string verb, string url, GitCredentials? credentials, CancellationToken cancellationToken)
    {
        try
        {
            call();
        }
        catch (UserCancelledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (LibGit2SharpException ex)
        {
            var message = GitUrlScrubber.ScrubText(ex.Message, credentials?.Password);
            var hint = message.Contains("authentication", StringComparison.OrdinalIgnoreCase) || message.Contains("401", StringComparison.Ordinal)
                ? " Authentication failed: set KARMA_GIT_TOKEN, or Karma:Git:Username and Karma:Git:Password."
                : string.Empty;
            // The inner exception is dropped on purpose: its message may quote the URL with credentials.
            throw new GitRemoteException($"Cannot {verb} {GitUrlScrubber.ScrubUrl(url)}: {message}.{hint}");
        }
    }

    private static string? RemoteDefaultBranch(Repository repo, CredentialsHandler? handler, string url, GitCredentials? credentials)
    {
        IReadOnlyList<Reference> references = [];
        RemoteCall(
            () => references = handler is null
                ? [.. repo.Network.ListReferences(repo.Network.Remotes[RemoteName])]
                : [.. repo.Network.ListReferences(repo.Network.Remotes[RemoteName], handler)],
            "list the refs of",
            url,
            credentials,
            CancellationToken.None);
        var head = references.FirstOrDefault(r => r.CanonicalName == "HEAD");
        if (head is SymbolicReference { TargetIdentifier: { } target } && target.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            return target["refs/heads/".Length..];
        }

        // Servers that do not advertise the HEAD symref: the branch whose tip HEAD points at, preferring main/master.
        var headTarget = head?.TargetIdentifier;
        var branches = references
            .Where(r => r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) && r.TargetIdentifier == headTarget)
            .Select(r => r.CanonicalName["refs/heads/".Length..])
            .ToList();
        return branches.FirstOrDefault(b => b is "main" or "master") ?? branches.FirstOrDefault();
    }
}
