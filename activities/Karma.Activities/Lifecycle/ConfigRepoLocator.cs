using Karma.Activities.Git;
using Karma.Activities.ParameterStore;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// The lifecycle's config repo: <see cref="LifecycleOptions.ConfigRepository"/> (and branch), else the <c>config_repo</c>
/// (and <c>config_branch</c>) of the account's <c>&lt;prefix&gt;/environment</c> parameter; null when neither names one.
/// </summary>
public static class ConfigRepoLocator
{
    public static async Task<GitSource?> ResolveAsync(LifecycleOptions options, ParameterSnapshotReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reader);
        var repository = options.ConfigRepository;
        var branch = options.ConfigBranch;
        if (repository is null && await reader.ReadEnvironmentAsync(options.IacPrefix, cancellationToken) is { ConfigRepo: { } fromParameter } env)
        {
            repository = fromParameter;
            branch ??= env.ConfigBranch;
        }

        return repository is null ? null : new GitSource(repository, branch);
    }
}
