using System.Globalization;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Microsoft.Data.Sqlite;

namespace Karma.Activities.GraphStore;

/// <summary>Reads and writes node and edge rows (inside a caller's transaction).</summary>
internal static class SqliteGraphRows
{
    private static readonly string[] NodeParameters =
        ["$env", "$type", "$nickname", "$config_path", "$runtime_path", "$config_hash", "$git_commit", "$last_change_id", "$has_runtime", "$config_drift", "$version"];

    private const string NodeColumns = "type, nickname, config_path, runtime_path, config_hash, git_commit, last_change_id, has_runtime, config_drift";

    /// <summary>Rows of <paramref name="version"/>; <paramref name="isLatest"/> lets the current-row indexes serve the read.</summary>
    public static (List<ComponentNode> Nodes, List<DependencyEdge> Edges) Read(
        SqliteConnection connection, SqliteTransaction transaction, string environment, long version, bool isLatest, CancellationToken cancellationToken)
    {
        var nodes = new List<ComponentNode>();
        var edges = new List<DependencyEdge>();
        var filter = isLatest ? "valid_to IS NULL" : "valid_from <= $version AND (valid_to IS NULL OR valid_to > $version)";
        var ids = new Dictionary<string, ComponentId>(StringComparer.Ordinal);
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);

        using (var command = Command(connection, transaction, $"SELECT {NodeColumns} FROM nodes WHERE environment = $env AND {filter}"))
        {
            command.Parameters.AddWithValue("$env", environment);
            command.Parameters.AddWithValue("$version", version);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var id = new ComponentId(reader.GetString(0), reader.GetString(1));
                ids[id.ToString()] = id;
                nodes.Add(new ComponentNode(
                    id, environment, reader.GetString(2), reader.GetString(3), NullableString(reader, 4),
                    Interned(strings, NullableString(reader, 5)), NullableString(reader, 6))
                {
                    HasRuntime = NullableBool(reader, 7),
                    ConfigDrift = NullableBool(reader, 8),
                });
            }
        }

        using (var command = Command(connection, transaction, $"SELECT from_id, label, to_id, json_path FROM edges WHERE environment = $env AND {filter}"))
        {
            command.Parameters.AddWithValue("$env", environment);
            command.Parameters.AddWithValue("$version", version);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var edge = new DependencyEdge(
                    StoredId(ids, reader.GetString(0)), StoredId(ids, reader.GetString(2)),
                    EdgeLabels.FromWire(reader.GetString(1)), Interned(strings, reader.GetString(3))!);
                edges.Add(edge);
            }
        }

        return (nodes, edges);
    }

    public static void Apply(SqliteConnection connection, SqliteTransaction transaction, string environment, long version, GraphDelta delta, CancellationToken cancellationToken)
    {
        using (var close = Command(connection, transaction,
            "UPDATE nodes SET valid_to = $version WHERE environment = $env AND type = $type AND nickname = $nickname AND valid_to IS NULL"))
        {
            var (env, ver, type, nickname) = (close.Parameters.Add("$env", SqliteType.Text), close.Parameters.Add("$version", SqliteType.Integer),
                close.Parameters.Add("$type", SqliteType.Text), close.Parameters.Add("$nickname", SqliteType.Text));
            env.Value = environment;
            ver.Value = version;
            foreach (var id in delta.RemovedNodes.Concat(delta.UpdatedNodes.Select(n => n.Id)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                type.Value = id.Type;
                nickname.Value = id.Nickname;
                close.ExecuteNonQuery();
            }
        }

        using (var insert = Command(connection, transaction,
            $"INSERT INTO nodes (environment, {NodeColumns}, valid_from) VALUES ($env, $type, $nickname, $config_path, $runtime_path, $config_hash, $git_commit, $last_change_id, $has_runtime, $config_drift, $version)"))
        {
            var p = NodeParameters.ToDictionary(name => name, name => insert.Parameters.Add(name, name is "$version" or "$has_runtime" or "$config_drift" ? SqliteType.Integer : SqliteType.Text));
            p["$env"].Value = environment;
            p["$version"].Value = version;
            foreach (var node in delta.AddedNodes.Concat(delta.UpdatedNodes))
            {
                cancellationToken.ThrowIfCancellationRequested();
                p["$type"].Value = node.Id.Type;
                p["$nickname"].Value = node.Id.Nickname;
                p["$config_path"].Value = node.ConfigPath;
                p["$runtime_path"].Value = node.RuntimePath;
                p["$config_hash"].Value = (object?)node.ConfigHash ?? DBNull.Value;
                p["$git_commit"].Value = (object?)node.GitCommit ?? DBNull.Value;
                p["$last_change_id"].Value = (object?)node.LastChangeId ?? DBNull.Value;
                p["$has_runtime"].Value = node.HasRuntime is { } hasRuntime ? (hasRuntime ? 1 : 0) : DBNull.Value;
                p["$config_drift"].Value = node.ConfigDrift is { } drift ? (drift ? 1 : 0) : DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }

        using (var close = Command(connection, transaction,
            "UPDATE edges SET valid_to = $version WHERE environment = $env AND from_id = $from AND label = $label AND to_id = $to AND json_path = $path AND valid_to IS NULL"))
        {
            ApplyEdges(close, environment, version, delta.RemovedEdges, cancellationToken);
        }

        using (var insert = Command(connection, transaction,
            "INSERT INTO edges (environment, from_id, label, to_id, json_path, valid_from) VALUES ($env, $from, $label, $to, $path, $version)"))
        {
            ApplyEdges(insert, environment, version, delta.AddedEdges, cancellationToken);
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void ApplyEdges(SqliteCommand command, string environment, long version, IEnumerable<DependencyEdge> edges, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("$env", environment);
        command.Parameters.AddWithValue("$version", version);
        var (from, label, to, path) = (command.Parameters.Add("$from", SqliteType.Text), command.Parameters.Add("$label", SqliteType.Text),
            command.Parameters.Add("$to", SqliteType.Text), command.Parameters.Add("$path", SqliteType.Text));
        foreach (var edge in edges)
        {
            cancellationToken.ThrowIfCancellationRequested();
            from.Value = edge.From.ToString();
            label.Value = edge.Label.ToWire();
            to.Value = edge.To.ToString();
            path.Value = edge.JsonPath;
            command.ExecuteNonQuery();
        }
    }

    private static ComponentId StoredId(Dictionary<string, ComponentId> ids, string text)
    {
        if (ids.TryGetValue(text, out var id))
        {
            return id;
        }

        // Written by this store from valid ids; parse strictly anyway in case the file was edited by hand.
        id = ComponentId.Parse(text);
        ids[text] = id;
        return id;
    }

    private static string? Interned(Dictionary<string, string> strings, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (strings.TryGetValue(text, out var shared))
        {
            return shared;
        }

        strings[text] = text;
        return text;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static bool? NullableBool(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture) != 0;
}
