using Karma.Activities.Git;
using Karma.Core.Model;

namespace Karma.Activities.Lifecycle;

/// <summary>Commits approved configs to the config repo with the Git loader (idempotent: same content, no new commit).</summary>
public sealed class GitConfigCommitter(GitConfigLoader git, LifecycleOptions options) : IConfigCommitter
{
    public async Task<string> CommitAsync(string environment, ComponentId component, string configJson, string author, string message, CancellationToken cancellationToken)
    {
        var repository = options.ConfigRepository
            ?? throw new InvalidOperationException("No config repository is configured (Karma:Lifecycle:ConfigRepository).");
        var result = await git.CommitConfigChangeAsync(
            new GitSource(repository, options.ConfigBranch),
            new ConfigChange(environment, component, configJson, message, new GitAuthor(author, $"{author}@{options.CommitEmailDomain}"), options.ConfigBranch),
            cancellationToken);
        return result.CommitSha;
    }
}
