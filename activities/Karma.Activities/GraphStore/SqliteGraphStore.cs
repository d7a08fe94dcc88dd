using System.Collections.Concurrent;
using System.Globalization;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Ports;
using Microsoft.Data.Sqlite;

namespace Karma.Activities.GraphStore;

/// <summary>
/// The embedded graph store: one SQLite file, any number of environments, safe to share between processes
/// (WAL journal, busy timeout, writes under <c>BEGIN IMMEDIATE</c>).
/// <para>
/// A write first records a build as "building" (its own short transaction), then in one transaction reads the
/// current rows, computes the delta, applies only that, assigns the next graph version and marks the build
/// "ready". Readers only ever see the latest ready version, so a write that fails or dies half-way is invisible;
/// a failed write is marked "failed", a killed one stays "building" in the history.
/// </para>
/// </summary>
public sealed class SqliteGraphStore : IGraphStore, IGraphBuildMemoStore, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _schemaGate = new();

    // The last state this instance wrote or read per environment (immutable). Used only while the stored latest
    // version equals its version (checked inside each transaction), so other processes' writes are always seen.
    private readonly ConcurrentDictionary<string, GraphState> _cache = new(StringComparer.Ordinal);
    private bool _schemaReady;

    public SqliteGraphStore(string databasePath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>How long a reader or writer waits for another process's lock before failing.</summary>
    public static TimeSpan BusyTimeout { get; } = TimeSpan.FromSeconds(30);

    public string DatabasePath { get; }

    public async Task<StoredGraph?> LoadLatestAsync(string environment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        await Task.Yield();
        return Guarded("read the latest graph", () => Load(environment, version: null, cancellationToken));
    }

    /// <summary>The graph as it was at <paramref name="version"/>, or null when that version never became ready.</summary>
    public async Task<StoredGraph?> LoadVersionAsync(string environment, long version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        await Task.Yield();
        return Guarded($"read graph version {version}", () => Load(environment, version, cancellationToken));
    }

    /// <summary>Every build of <paramref name="environment"/>, oldest first, including failed and unfinished ones.</summary>
    public async Task<IReadOnlyList<GraphBuildRecord>> ListBuildsAsync(string environment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        await Task.Yield();
        return Guarded("list builds", () => ListBuilds(environment, cancellationToken));
    }

    public async Task<GraphWriteResult> WriteAsync(ComponentGraph graph, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrWhiteSpace(graph.Environment);

        // Refuse a malformed graph before anything is recorded (duplicate ids, foreign environments).
        var canonical = GraphOrder.Canonical(graph);
        GraphDelta.Validate(canonical.Nodes, canonical.Environment);
        await Task.Yield();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Guarded("write the graph", () => Write(canonical, cancellationToken));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<GraphBuildMemo?> LoadBuildMemoAsync(string environment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        await Task.Yield();
        return Guarded("read the build memo", () =>
        {
            using var connection = Open();
            using var command = SqliteGraphRows.Command(connection, null, "SELECT graph_version, inputs, analysis FROM build_memos WHERE environment = $env");
            command.Parameters.AddWithValue("$env", environment);
            using var reader = command.ExecuteReader();
            return reader.Read() ? GraphBuildMemo.FromAnalysisJson(environment, reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
        });
    }

    public async Task SaveBuildMemoAsync(GraphBuildMemo memo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memo);
        var analysis = memo.AnalysisJson();
        await Task.Yield();
        Guarded("write the build memo", () =>
        {
            using var connection = Open();
            using var command = SqliteGraphRows.Command(connection, null, """
                INSERT INTO build_memos (environment, graph_version, inputs, analysis) VALUES ($env, $version, $inputs, $analysis)
                ON CONFLICT(environment) DO UPDATE SET graph_version = $version, inputs = $inputs, analysis = $analysis
                """);
            command.Parameters.AddWithValue("$env", memo.Environment);
            command.Parameters.AddWithValue("$version", memo.GraphVersion);
            command.Parameters.AddWithValue("$inputs", memo.Inputs);
            command.Parameters.AddWithValue("$analysis", analysis);
            return command.ExecuteNonQuery();
        });
    }

    public void Dispose()
    {
        _writeGate.Dispose();

        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private GraphWriteResult Write(ComponentGraph graph, CancellationToken cancellationToken)
    {
        using var connection = Open();
        var (checkedVersion, checkedDelta) = CheckDelta(connection, graph, cancellationToken);
        if (checkedDelta is null)
        {
            return new GraphWriteResult(checkedVersion, 0, 0, 0, 0, 0);
        }

        var buildId = StartBuild(connection, graph);
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var latest = LatestReady(connection, transaction, graph.Environment);
            var state = CurrentState(connection, transaction, graph.Environment, latest, cancellationToken);
            // Another process may have written since the check; the delta is then against its version.
            var delta = latest?.Version == checkedVersion ? checkedDelta : GraphDelta.ComputeCanonical(state.Graph, graph);
            var version = (latest?.Version ?? 0) + 1;
            SqliteGraphRows.Apply(connection, transaction, graph.Environment, version, delta, cancellationToken);
            var finishedAt = _time.GetUtcNow();
            var result = new GraphWriteResult(
                version, delta.AddedNodes.Count, delta.UpdatedNodes.Count, delta.RemovedNodes.Count, delta.AddedEdges.Count, delta.RemovedEdges.Count);
            FinishBuild(connection, transaction, buildId, result, finishedAt);
            transaction.Commit();

            _cache[graph.Environment] = new GraphState(version, graph.GitCommit, finishedAt, graph);

            return result;
        }
        catch (Exception exception)
        {
            _cache.TryRemove(graph.Environment, out _);
            MarkFailed(connection, buildId, exception);
            throw;
        }
    }

    /// <summary>
    /// The delta against the latest ready version. Null when there is nothing to write: the same graph built from the
    /// same commit is not a new version, and no build is recorded for it. (From another commit it is: the store
    /// remembers which commit each version was built from.) Read under the write lock, which is released without
    /// writing anything: a write of another process in progress must finish first, or "unchanged" would be stale.
    /// </summary>
    private (long Version, GraphDelta? Delta) CheckDelta(SqliteConnection connection, ComponentGraph graph, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var latest = LatestReady(connection, transaction, graph.Environment);
        var state = CurrentState(connection, transaction, graph.Environment, latest, cancellationToken);
        transaction.Commit();
        var delta = GraphDelta.ComputeCanonical(state.Graph, graph);
        var unchanged = latest is not null && latest.GitCommit == graph.GitCommit && delta.IsEmpty;
        return (latest?.Version ?? 0, unchanged ? null : delta);
    }

    private StoredGraph? Load(string environment, long? version, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var latest = LatestReady(connection, transaction, environment);
        var wanted = version is null ? latest : ReadyBuild(connection, transaction, environment, version.Value);
        if (latest is null || wanted is null)
        {
            return null;
        }

        var isLatest = wanted.Version == latest.Version;
        var graph = isLatest
            ? CurrentState(connection, transaction, environment, latest, cancellationToken).ToGraph()
            : ReadState(connection, transaction, environment, wanted, isLatest: false, cancellationToken).ToGraph();

        transaction.Commit();
        return new StoredGraph(wanted.Version, wanted.BuiltAt, graph);
    }

    private GraphState CurrentState(SqliteConnection connection, SqliteTransaction transaction, string environment, ReadyVersion? latest, CancellationToken cancellationToken)
    {
        if (latest is null)
        {
            return GraphState.Empty(environment);
        }

        if (_cache.TryGetValue(environment, out var cached) && cached.Version == latest.Version)
        {
            return cached;
        }

        var state = ReadState(connection, transaction, environment, latest, isLatest: true, cancellationToken);
        _cache[environment] = state;
        return state;
    }

    private static GraphState ReadState(SqliteConnection connection, SqliteTransaction transaction, string environment, ReadyVersion version, bool isLatest, CancellationToken cancellationToken)
    {
        var (nodes, edges) = SqliteGraphRows.Read(connection, transaction, environment, version.Version, isLatest, cancellationToken);
        var graph = GraphOrder.Canonical(new ComponentGraph(environment, version.GitCommit, nodes, edges));
        return new GraphState(version.Version, version.GitCommit, version.BuiltAt, graph);
    }

    private List<GraphBuildRecord> ListBuilds(string environment, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = SqliteGraphRows.Command(connection, null,
            "SELECT build_id, status, graph_version, git_commit, started_at, finished_at, error FROM builds WHERE environment = $env ORDER BY build_id");
        command.Parameters.AddWithValue("$env", environment);
        using var reader = command.ExecuteReader();
        var builds = new List<GraphBuildRecord>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            builds.Add(new GraphBuildRecord(
                reader.GetInt64(0), environment, ParseStatus(reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                ParseTime(reader.GetString(4)),
                reader.IsDBNull(5) ? null : ParseTime(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return builds;
    }

    private long StartBuild(SqliteConnection connection, ComponentGraph graph)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = SqliteGraphRows.Command(connection, transaction,
            "INSERT INTO builds (environment, status, git_commit, started_at) VALUES ($env, 'building', $commit, $now) RETURNING build_id");
        command.Parameters.AddWithValue("$env", graph.Environment);
        command.Parameters.AddWithValue("$commit", (object?)graph.GitCommit ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", FormatTime(_time.GetUtcNow()));
        var buildId = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        transaction.Commit();
        return buildId;
    }

    private static void FinishBuild(SqliteConnection connection, SqliteTransaction transaction, long buildId, GraphWriteResult result, DateTimeOffset finishedAt)
    {
        using var command = SqliteGraphRows.Command(connection, transaction, """
            UPDATE builds SET status = 'ready', graph_version = $version, finished_at = $now,
                nodes_added = $na, nodes_updated = $nu, nodes_removed = $nr, edges_added = $ea, edges_removed = $er
            WHERE build_id = $id
            """);
        command.Parameters.AddWithValue("$id", buildId);
        command.Parameters.AddWithValue("$version", result.Version);
        command.Parameters.AddWithValue("$now", FormatTime(finishedAt));
        command.Parameters.AddWithValue("$na", result.NodesAdded);
        command.Parameters.AddWithValue("$nu", result.NodesUpdated);
        command.Parameters.AddWithValue("$nr", result.NodesRemoved);
        command.Parameters.AddWithValue("$ea", result.EdgesAdded);
        command.Parameters.AddWithValue("$er", result.EdgesRemoved);
        command.ExecuteNonQuery();
    }

    private void MarkFailed(SqliteConnection connection, long buildId, Exception exception)
    {
        try
        {
            using var command = SqliteGraphRows.Command(connection, null,
                "UPDATE builds SET status = 'failed', finished_at = $now, error = $error WHERE build_id = $id AND status = 'building'");
            command.Parameters.AddWithValue("$id", buildId);
            command.Parameters.AddWithValue("$now", FormatTime(_time.GetUtcNow()));
            command.Parameters.AddWithValue("$error", $"{exception.GetType().Name}: {exception.Message}");
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // The original failure is what the caller must see; the build then stays "building", which readers ignore too.
        }
    }

    private static ReadyVersion? LatestReady(SqliteConnection connection, SqliteTransaction transaction, string environment) =>
        QueryReady(connection, transaction, environment,
            "SELECT graph_version, git_commit, finished_at FROM builds WHERE environment = $env AND status = 'ready' ORDER BY graph_version DESC LIMIT 1", null);

    private static ReadyVersion? ReadyBuild(SqliteConnection connection, SqliteTransaction transaction, string environment, long version) =>
        QueryReady(connection, transaction, environment,
            "SELECT graph_version, git_commit, finished_at FROM builds WHERE environment = $env AND status = 'ready' AND graph_version = $version", version);

    private static ReadyVersion? QueryReady(SqliteConnection connection, SqliteTransaction transaction, string environment, string sql, long? version)
    {
        using var command = SqliteGraphRows.Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$env", environment);
        command.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ReadyVersion(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), ParseTime(reader.GetString(2)))
            : null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            connection.Open();
            using (var pragmas = SqliteGraphRows.Command(connection, null,
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;"))
            {
                pragmas.ExecuteNonQuery();
            }

            EnsureSchema(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureSchema(SqliteConnection connection)
    {
        lock (_schemaGate)
        {
            if (_schemaReady)
            {
                return;
            }

            // WAL lets readers proceed while another process writes; the setting is stored in the file.
            using (var wal = SqliteGraphRows.Command(connection, null, "PRAGMA journal_mode = WAL;"))
            {
                wal.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            using (var create = SqliteGraphRows.Command(connection, transaction, SqliteGraphSchema.Create))
            {
                create.ExecuteNonQuery();
            }

            transaction.Commit();
            _schemaReady = true;
        }
    }

    private T Guarded<T>(string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException exception)
        {
            throw new GraphStoreException($"Could not {what} in graph store {DatabasePath}: {exception.Message}", exception);
        }
    }

    private static GraphBuildStatus ParseStatus(string status) => status switch
    {
        "building" => GraphBuildStatus.Building,
        "ready" => GraphBuildStatus.Ready,
        "failed" => GraphBuildStatus.Failed,
        _ => throw new FormatException($"Unknown build status '{status}'."),
    };

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private sealed record ReadyVersion(long Version, string? GitCommit, DateTimeOffset BuiltAt);
}
