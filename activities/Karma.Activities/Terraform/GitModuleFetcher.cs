using Karma.Activities.Git;
using LibGit2Sharp;

namespace Karma.Activities.Terraform;

/// <summary>
/// Makes a Git module source available as a folder: the repository is cloned (bare) into the module cache and
/// fetched on each use, like the config repo; the resolved commit's tree is written once to
/// <c>&lt;cache&gt;/checkouts/&lt;sha&gt;</c>, which never changes afterwards and is shared by every instance.
/// </summary>
internal sealed class GitModuleFetcher(string cacheRoot, GitCredentials? credentials)
{
    private readonly GitRepositoryCache _cache = new(Path.Combine(cacheRoot, "repos"));
    private readonly string _checkouts = Path.Combine(cacheRoot, "checkouts");

    /// <summary>The folder holding the source's subdirectory at its ref, and the commit it was taken from.</summary>
    public Task<(string Directory, string Commit)> FetchAsync(ModuleSource source, CancellationToken cancellationToken) =>
        // libgit2 blocks; keep the caller's thread free.
        Task.Run(
            async () =>
            {
                var (url, fromUrl) = GitConfigLoader.RemoteEndpoint(new GitSource(source.Location));
                // Credentials in the URL are specific to it; the configured ones are sent only if the server asks.
                var auth = fromUrl ?? credentials;
                using (await _cache.LockAsync(url, cancellationToken).ConfigureAwait(false))
                {
                    var (path, defaultBranch) = _cache.Sync(url, auth, cancellationToken);
                    using var repo = new Repository(path);
                    var reference = source.Ref ?? defaultBranch
                        ?? throw new TerraformInputException($"The module repository {source.Display} has no default branch (is it empty?); add '?ref=<branch|tag|sha>'.");
                    var commit = ResolveCommit(repo, reference, source);
                    var checkout = Checkout(commit);
                    var directory = source.Subdirectory.Length == 0 ? checkout : Path.Combine(checkout, source.Subdirectory);
                    return Directory.Exists(directory)
                        ? (directory, commit.Sha)
                        : throw new TerraformInputException($"The module repository {source.Display} has no folder '{source.Subdirectory}' at {commit.Sha[..12]}.");
                }
            },
            cancellationToken);

    private static Commit ResolveCommit(Repository repo, string reference, ModuleSource source)
    {
        try
        {
            return GitRefResolver.Resolve(repo, reference, remoteCache: true, source.Display);
        }
        catch (GitRefNotFoundException ex)
        {
            throw new TerraformInputException($"The module source {source.Display}: {ex.Message}", ex);
        }
    }

    // Written under the repository's cache lock; a half-written checkout (crash) is never under its final name.
    private string Checkout(Commit commit)
    {
        var target = Path.Combine(_checkouts, commit.Sha);
        if (Directory.Exists(target))
        {
            return target;
        }

        var staging = Path.Combine(_checkouts, $".{commit.Sha}-{Guid.NewGuid():N}");
        WriteTree(commit.Tree, staging);
        Directory.Move(staging, target);
        return target;
    }

    private static void WriteTree(Tree tree, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var entry in tree)
        {
            var path = Path.Combine(directory, entry.Name);
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    WriteTree((Tree)entry.Target, path);
                    break;
                case TreeEntryTargetType.Blob when entry.Mode == Mode.SymbolicLink:
                    File.CreateSymbolicLink(path, ((Blob)entry.Target).GetContentText());
                    break;
                case TreeEntryTargetType.Blob:
                    using (var content = ((Blob)entry.Target).GetContentStream())
                    using (var file = File.Create(path))
                    {
                        content.CopyTo(file);
                    }

                    if (entry.Mode == Mode.ExecutableFile && !OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                    }

                    break;
                default:
                    // Submodules (commit entries) are not fetched: a module needing one must vendor it.
                    break;
            }
        }
    }
}
