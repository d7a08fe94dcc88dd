using Karma.Core.Model;

namespace Karma.Gremlin.Neptune;

/// <summary>
/// How the component graph is laid out in Neptune. Vertex ids are deterministic, so every write is an idempotent
/// upsert by id and a vertex never needs looking up before it is written.
/// </summary>
public static class NeptuneSchema
{
    public const string ComponentLabel = "Component";
    public const string BuildLabel = "KarmaGraphBuild";

    public const string Type = "type";
    public const string Nickname = "nickname";
    public const string Environment = "environment";
    public const string ConfigPath = "config_path";
    public const string RuntimePath = "runtime_path";
    public const string ConfigHash = "config_hash";
    public const string GitCommit = "git_commit";
    public const string LastChangeId = "last_change_id";
    public const string JsonPath = "json_path";

    public const string Version = "version";
    public const string ReadyVersion = "ready_version";
    public const string Status = "status";
    public const string BuiltAt = "built_at";

    public const string StatusBuilding = "building";
    public const string StatusReady = "ready";

    public static readonly IReadOnlyList<string> EdgeLabels =
        [EdgeLabel.DependsOn.ToWire(), EdgeLabel.ConsumesRuntimeFrom.ToWire(), EdgeLabel.EmitsRuntimeTo.ToWire()];

    // Environment, type and nickname are restricted to [A-Za-z0-9._-], so ':' and '/' cannot make two ids collide.
    public static string ComponentVertexId(string environment, ComponentId id) => $"component:{environment}:{id}";

    public static string BuildVertexId(string environment) => $"karma-graph-build:{environment}";

    public static void EnsureValidEnvironment(string environment)
    {
        if (!ComponentId.IsValidSegment(environment))
        {
            throw new ArgumentException($"Environment '{environment}' must be letters, digits, '.', '_' or '-' (it becomes part of Neptune vertex ids).", nameof(environment));
        }
    }
}
