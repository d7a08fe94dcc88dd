using Karma.Activities.Git;

namespace Karma.Activities.Graph;

/// <summary>Where a graph build reads from: the config repo, the Parameter Store prefix and (optionally) the environment.</summary>
/// <param name="Environment">Null: take it from the <c>&lt;prefix&gt;/environment</c> parameter.</param>
public sealed record GraphSources(GitSource Repo, string Prefix, string? Environment);
