using Karma.Core.Model;

namespace Karma.Activities.Git;

/// <summary>What one read of the config repo produced: the environment's configs and the repo's karma.json.</summary>
/// <param name="Branch">The branch read, when the ref was a branch (or the default branch); null for tags and SHAs.</param>
public sealed record ConfigRepoSnapshot(ConfigSnapshot Config, KarmaRepoFile Settings, string CommitSha, string? Branch);
