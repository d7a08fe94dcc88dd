using Karma.Activities.Git;
using Karma.Activities.ParameterStore;
using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// The one check every way into the change lifecycle makes before anything is planned or published (the CLI's
/// propose-change, deploy and plan, the API's request-change and plan, and the workflow's own validation step).
/// Parameter Store paths carry no environment and Terraform state is per environment, so a change aimed at a mistyped
/// environment would overwrite the real one's config and create its infrastructure a second time. An environment is
/// accepted when the config repo has <c>iac/&lt;env&gt;</c> at the ref read and, where Parameter Store declares its
/// environment (<c>&lt;prefix&gt;/environment</c>), it is that one.
/// </summary>
public sealed class ChangeEnvironmentGuard(GitConfigLoader git, IParameterStore parameters, LifecycleOptions options)
{
    private readonly ParameterSnapshotReader _reader = new(parameters);

    /// <summary>Checks against the lifecycle's config repo (<see cref="ConfigRepoLocator"/>).</summary>
    /// <returns>The config repo at the ref read: the environment's configs, to analyse a proposal with.</returns>
    /// <exception cref="EnvironmentRefusedException">The environment must not be changed from here.</exception>
    public async Task<ConfigRepoSnapshot> CheckAsync(string environment, CancellationToken cancellationToken) =>
        await CheckAsync(environment, await ConfigRepoLocator.ResolveAsync(options, _reader, cancellationToken), cancellationToken);

    /// <summary>Checks against <paramref name="repo"/> (null: none is configured, which is refused too).</summary>
    /// <exception cref="EnvironmentRefusedException">The environment must not be changed from here.</exception>
    public async Task<ConfigRepoSnapshot> CheckAsync(string environment, GitSource? repo, CancellationToken cancellationToken)
    {
        if (repo is null)
        {
            throw new EnvironmentRefusedException(environment, EnvironmentRefusal.NoConfigRepo,
                $"no config repo is configured, so environment '{environment}' cannot be checked: a change is validated against " +
                $"iac/{environment}/ in the config repo and committed there. Pass --repo PATH|URL or set Karma:Repo:Url (Karma__Repo__Url), " +
                $"or give {ParameterPaths.Environment(options.IacPrefix)} a config_repo.", []);
        }

        ConfigRepoSnapshot snapshot;
        try
        {
            snapshot = await git.LoadAsync(repo, environment, cancellationToken);
        }
        catch (ConfigEnvironmentNotFoundException e)
        {
            throw new EnvironmentRefusedException(environment, EnvironmentRefusal.NotInConfigRepo,
                $"unknown environment '{environment}': {e.Message} Nothing was planned or published.", e.Available, e);
        }

        var declared = await _reader.ReadEnvironmentAsync(options.IacPrefix, cancellationToken);
        if (declared is not null && !string.Equals(declared.Environment, environment, StringComparison.Ordinal))
        {
            throw new EnvironmentRefusedException(environment, EnvironmentRefusal.NotThisAccount,
                $"environment '{environment}' is not the one this Parameter Store belongs to: {ParameterPaths.Environment(options.IacPrefix)} " +
                $"says '{declared.Environment}'. Its paths carry no environment, so publishing here would overwrite {declared.Environment}'s config. " +
                "Nothing was planned or published.", [declared.Environment]);
        }

        return snapshot;
    }
}
