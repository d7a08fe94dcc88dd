namespace Karma.Core.Model;

/// <summary>A component vertex as stored in a graph store.</summary>
/// <param name="ConfigHash">SHA-256 (hex) of the compact config JSON from Git; null when there is no Git config (an orphan).</param>
public sealed record ComponentNode(
    ComponentId Id,
    string Environment,
    string ConfigPath,
    string RuntimePath,
    string? ConfigHash,
    string? GitCommit,
    string? LastChangeId = null)
{
    /// <summary>Whether Parameter Store holds a runtime for it; null when the graph was built without Parameter Store.</summary>
    public bool? HasRuntime { get; init; }

    /// <summary>
    /// Whether the config in Parameter Store differs semantically from Git (or was never published);
    /// null when not comparable (no Git config, or the graph was built without Parameter Store).
    /// </summary>
    public bool? ConfigDrift { get; init; }

    /// <summary>True when the component has no config in Git but exists in Parameter Store.</summary>
    public bool IsOrphan => ConfigHash is null;
}

/// <summary>
/// A dependency edge from <paramref name="From"/> to <paramref name="To"/>. For <c>depends_on</c> and
/// <c>consumes_runtime_from</c> From is the consumer; for <c>emits_runtime_to</c> From is the provider.
/// </summary>
/// <param name="JsonPath">Where in the consumer's config the reference came from, e.g. <c>$.functions.api.vpc_nickname</c>.</param>
public sealed record DependencyEdge(ComponentId From, ComponentId To, EdgeLabel Label, string JsonPath)
{
    /// <summary>A stable identity for delta computation and idempotent upserts.</summary>
    public string Key => $"{From}|{Label.ToWire()}|{To}|{JsonPath}";
}

/// <summary>The whole component graph of one environment, built from one Git commit.</summary>
public sealed record ComponentGraph(
    string Environment,
    string? GitCommit,
    IReadOnlyList<ComponentNode> Nodes,
    IReadOnlyList<DependencyEdge> Edges);
