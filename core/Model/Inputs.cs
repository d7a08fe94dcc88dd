namespace Karma.Core.Model;

/// <summary>One component's desired config as read from the Git config repo (raw text, not yet parsed).</summary>
/// <param name="RepoPath">The file's path inside the repo, e.g. <c>iac/prod/vpc/main-vpc/config.json</c>.</param>
public sealed record ConfigDocument(ComponentId Id, string RepoPath, string RawJson);

/// <summary>Everything read from the config repo at one commit for one environment.</summary>
/// <param name="Aliases">Extra <c>&lt;t&gt;_nickname</c> aliases from the repo's <c>karma.json</c> (e.g. db → rds-postgres).</param>
public sealed record ConfigSnapshot(
    string Environment,
    string? GitCommit,
    IReadOnlyList<ConfigDocument> Documents,
    IReadOnlyDictionary<string, string> Aliases);

/// <summary>The config and runtime JSON one component has in Parameter Store (either may be absent).</summary>
public sealed record ComponentParameters(ComponentId Id, string? ConfigJson, string? RuntimeJson);

/// <summary>Everything read from Parameter Store below the prefix for one environment (one AWS account).</summary>
public sealed record ParameterSnapshot(string Prefix, IReadOnlyList<ComponentParameters> Components);
