using Karma.Activities.Git;
using Karma.Core.Model;

namespace Karma.Activities.Graph;

/// <summary>Where a lifecycle rebuild of one environment's graph reads its desired config from.</summary>
/// <param name="Repo">The config repo; null when there is none, and the configs published in Parameter Store are the desired config.</param>
/// <param name="Overlay">A component config that is published but not yet in the repo (a change being completed); it replaces the repo's.</param>
public sealed record GraphRefreshSources(string Environment, string Prefix, GitSource? Repo, ConfigDocument? Overlay = null);
