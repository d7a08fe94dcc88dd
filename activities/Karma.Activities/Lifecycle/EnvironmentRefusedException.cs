namespace Karma.Activities.Lifecycle;

/// <summary>Why <see cref="ChangeEnvironmentGuard"/> refused an environment.</summary>
public enum EnvironmentRefusal
{
    /// <summary>No config repo is configured, so there is nothing to check the environment (or the proposal) against.</summary>
    NoConfigRepo,

    /// <summary>The config repo has no <c>iac/&lt;env&gt;</c> folder at the ref read.</summary>
    NotInConfigRepo,

    /// <summary>Parameter Store's <c>&lt;prefix&gt;/environment</c> names another environment: this account is not that one.</summary>
    NotThisAccount,
}

/// <summary>A change, deploy or dry run aimed at an environment Karma must not touch from here; nothing was planned or published.</summary>
/// <param name="Known">The environments that would be accepted (the repo's <c>iac/</c> folders, or the account's own).</param>
public sealed class EnvironmentRefusedException(string environment, EnvironmentRefusal reason, string message, IReadOnlyList<string> known, Exception? inner = null)
    : Exception(message, inner)
{
    public string Environment { get; } = environment;

    public EnvironmentRefusal Reason { get; } = reason;

    public IReadOnlyList<string> Known { get; } = known;
}
