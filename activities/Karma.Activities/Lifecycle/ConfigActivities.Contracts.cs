using Karma.Core.Model;

namespace Karma.Activities.Lifecycle;

public sealed record ValidateConfigInput(string Environment, ComponentId Component, string ProposedConfigJson);

/// <param name="Unchanged">The proposal equals the config already published: nothing to do.</param>
/// <param name="Providers">Components the proposal refers to (its upstreams).</param>
public sealed record ConfigValidation(
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    bool Unchanged,
    IReadOnlyList<ComponentId> Providers,
    string CompactJson)
{
    public bool IsValid => Errors.Count == 0;
}

public sealed record PublishConfigInput(string Environment, ComponentId Component, string ConfigJson);

/// <param name="PreviousVersion">The version a rollback restores; null when this is the first config.</param>
public sealed record PublishedConfig(long Version, long? PreviousVersion);

public sealed record RestoreConfigInput(string Environment, ComponentId Component, long Version);

public sealed record RestoredConfig(long Version, string ConfigJson);

public sealed record CommitConfigInput(string Environment, ComponentId Component, string ConfigJson, string Author, string Message);

/// <param name="Commit">The config repo commit; null when no repo is configured.</param>
public sealed record CommittedConfig(string? Commit, string? Warning);
