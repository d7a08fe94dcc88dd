using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Karma.TemporalDev.Persistence;

/// <summary>
/// SQLite persistence. One connection guarded by a lock: SQLite serialises writers anyway, and WAL with
/// synchronous=NORMAL makes each small transaction cheap (a committed transaction is in the WAL file before the
/// call returns, so killing the process loses nothing acknowledged). Every method is one transaction; run
/// commits are grouped.
/// </summary>
internal sealed class SqliteStore : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();
    private readonly GroupCommit<RunWrite> commits;
    private CommitStatements? statements;
    private SqliteCommand? findCurrent;

    public SqliteStore(string? path)
    {
        // Ephemeral: a private in-memory database that lives exactly as long as this connection.
        var source = path is null ? ":memory:" : path;
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Pooling = false }.ToString());
        connection.Open();
        Execute(SqliteSchema.Create);
        commits = new GroupCommit<RunWrite>(CommitBatch);
    }

    public void Dispose()
    {
        lock (gate)
        {
            statements?.Dispose();
            findCurrent?.Dispose();
            connection.Dispose();
        }
    }

    public IReadOnlyList<NamespaceRecord> LoadNamespaces()
    {
        lock (gate)
        {
            using var cmd = Command("SELECT name, id, retention_seconds, created_ms FROM namespaces ORDER BY name");
            using var reader = cmd.ExecuteReader();
            var result = new List<NamespaceRecord>();
            while (reader.Read())
            {
                result.Add(new NamespaceRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return result;
        }
    }

    public void InsertNamespace(NamespaceRecord ns)
    {
        lock (gate)
        {
            using var cmd = Command("INSERT OR IGNORE INTO namespaces(name, id, retention_seconds, created_ms) VALUES ($n, $i, $r, $c)");
            cmd.Parameters.AddWithValue("$n", ns.Name);
            cmd.Parameters.AddWithValue("$i", ns.Id);
            cmd.Parameters.AddWithValue("$r", ns.RetentionSeconds);
            cmd.Parameters.AddWithValue("$c", ns.CreatedMs);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Commits one run's changes; concurrent commits share a transaction (see <see cref="GroupCommit{T}"/>).</summary>
    public void Commit(RunWrite write) => commits.Commit(write);

    private void CommitBatch(IReadOnlyList<RunWrite> writes)
    {
        lock (gate)
        {
            statements ??= new CommitStatements(connection);
            using var tx = connection.BeginTransaction();
            statements.Bind(tx);
            foreach (var write in writes)
            {
                foreach (var historyEvent in write.NewEvents)
                {
                    statements.InsertEvent(write.RunId, historyEvent.EventId, historyEvent.ToByteArray());
                }

                statements.UpsertExecution(write);
                if (write.MakeCurrent)
                {
                    statements.UpsertCurrent(write.Namespace, write.WorkflowId, write.RunId);
                }

                if (write.SearchAttributes is { } attributes)
                {
                    ReplaceSearchAttributes(write.RunId, attributes, tx);
                }
            }

            tx.Commit();
        }
    }

    /// <summary>Custom search attributes registered with AddSearchAttributes (name → IndexedValueType).</summary>
    public IReadOnlyList<(string Namespace, string Name, int Type)> LoadSearchAttributeTypes()
    {
        lock (gate)
        {
            using var cmd = Command("SELECT namespace, name, type FROM search_attribute_types");
            using var reader = cmd.ExecuteReader();
            var result = new List<(string, string, int)>();
            while (reader.Read())
            {
                result.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }

            return result;
        }
    }

    /// <summary>Registers (type set) or removes (type null) a custom search attribute.</summary>
    public void SaveSearchAttributeType(string ns, string name, int? type)
    {
        lock (gate)
        {
            using var cmd = Command(type is null
                ? "DELETE FROM search_attribute_types WHERE namespace = $n AND name = $a"
                : "INSERT OR REPLACE INTO search_attribute_types(namespace, name, type) VALUES ($n, $a, $t)");
            cmd.Parameters.AddWithValue("$n", ns);
            cmd.Parameters.AddWithValue("$a", name);
            if (type is not null)
            {
                cmd.Parameters.AddWithValue("$t", type.Value);
            }

            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Search attribute names and types that runs of <paramref name="ns"/> carry (from their payload metadata).</summary>
    public IReadOnlyList<(string Name, string Type)> UsedSearchAttributes(string ns)
    {
        lock (gate)
        {
            using var cmd = Command("""
                SELECT DISTINCT s.name, s.type FROM search_attributes s JOIN executions e ON e.run_id = s.run_id
                WHERE e.namespace = $n ORDER BY s.name
                """);
            cmd.Parameters.AddWithValue("$n", ns);
            using var reader = cmd.ExecuteReader();
            var result = new List<(string, string)>();
            while (reader.Read())
            {
                result.Add((reader.GetString(0), reader.GetString(1)));
            }

            return result;
        }
    }

    /// <summary>Schedules are stored whole (their description proto): small, and rewritten on every action.</summary>
    public void SaveSchedule(string ns, string scheduleId, byte[]? data)
    {
        lock (gate)
        {
            using var cmd = Command(data is null
                ? "DELETE FROM schedules WHERE namespace = $n AND schedule_id = $i"
                : "INSERT OR REPLACE INTO schedules(namespace, schedule_id, data) VALUES ($n, $i, $d)");
            cmd.Parameters.AddWithValue("$n", ns);
            cmd.Parameters.AddWithValue("$i", scheduleId);
            if (data is not null)
            {
                cmd.Parameters.AddWithValue("$d", data);
            }

            cmd.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<(string Namespace, string ScheduleId, byte[] Data)> LoadSchedules()
    {
        lock (gate)
        {
            using var cmd = Command("SELECT namespace, schedule_id, data FROM schedules");
            using var reader = cmd.ExecuteReader();
            var result = new List<(string, string, byte[])>();
            while (reader.Read())
            {
                result.Add((reader.GetString(0), reader.GetString(1), (byte[])reader[2]));
            }

            return result;
        }
    }

    public IReadOnlyList<StoredRun> LoadOpenRuns()
    {
        lock (gate)
        {
            using var cmd = Command($"SELECT run_id, namespace, workflow_id, state, buffered FROM executions WHERE status = {(int)WorkflowExecutionStatus.Running}");
            return ReadRuns(cmd);
        }
    }

    public StoredRun? LoadRun(string runId)
    {
        lock (gate)
        {
            using var cmd = Command("SELECT run_id, namespace, workflow_id, state, buffered FROM executions WHERE run_id = $r");
            cmd.Parameters.AddWithValue("$r", runId);
            return ReadRuns(cmd).FirstOrDefault();
        }
    }

    public string? FindCurrentRunId(string ns, string workflowId)
    {
        lock (gate)
        {
            // Asked on every start of a new workflow id: prepared once, like the commit statements.
            if (findCurrent is null)
            {
                findCurrent = Command("SELECT run_id FROM current_executions WHERE namespace = $n AND workflow_id = $w");
                findCurrent.Parameters.Add(new SqliteParameter("$n", null));
                findCurrent.Parameters.Add(new SqliteParameter("$w", null));
                findCurrent.Prepare();
            }

            findCurrent.Parameters[0].Value = ns;
            findCurrent.Parameters[1].Value = workflowId;
            return findCurrent.ExecuteScalar() as string;
        }
    }

    public List<HistoryEvent> ReadEvents(string runId, long fromEventId = 1, int max = int.MaxValue)
    {
        lock (gate)
        {
            using var cmd = Command("SELECT data FROM events WHERE run_id = $r AND event_id >= $f ORDER BY event_id LIMIT $m");
            cmd.Parameters.AddWithValue("$r", runId);
            cmd.Parameters.AddWithValue("$f", fromEventId);
            cmd.Parameters.AddWithValue("$m", max);
            using var reader = cmd.ExecuteReader();
            var result = new List<HistoryEvent>();
            while (reader.Read())
            {
                result.Add(HistoryEvent.Parser.ParseFrom((byte[])reader[0]));
            }

            return result;
        }
    }

    public List<VisibilityRow> ListExecutions(string whereSql, IReadOnlyDictionary<string, object> parameters, int offset, int limit)
    {
        lock (gate)
        {
            using var cmd = Command($"""
                SELECT run_id, workflow_id, workflow_type, task_queue, status, start_ms, close_ms, history_length, state
                FROM executions e WHERE {whereSql} ORDER BY start_ms DESC, run_id LIMIT $limit OFFSET $offset
                """);
            foreach (var (name, value) in parameters)
            {
                cmd.Parameters.AddWithValue(name, value);
            }

            cmd.Parameters.AddWithValue("$limit", limit);
            cmd.Parameters.AddWithValue("$offset", offset);
            using var reader = cmd.ExecuteReader();
            var result = new List<VisibilityRow>();
            while (reader.Read())
            {
                result.Add(new VisibilityRow(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    (WorkflowExecutionStatus)reader.GetInt32(4), reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetInt64(7), reader.GetString(8)));
            }

            return result;
        }
    }

    public long CountExecutions(string whereSql, IReadOnlyDictionary<string, object> parameters)
    {
        lock (gate)
        {
            using var cmd = Command($"SELECT COUNT(*) FROM executions e WHERE {whereSql}");
            foreach (var (name, value) in parameters)
            {
                cmd.Parameters.AddWithValue(name, value);
            }

            return (long)cmd.ExecuteScalar()!;
        }
    }

    public IReadOnlyList<(WorkflowExecutionStatus Status, long Count)> CountExecutionsByStatus(string whereSql, IReadOnlyDictionary<string, object> parameters)
    {
        lock (gate)
        {
            using var cmd = Command($"SELECT status, COUNT(*) FROM executions e WHERE {whereSql} GROUP BY status ORDER BY status");
            foreach (var (name, value) in parameters)
            {
                cmd.Parameters.AddWithValue(name, value);
            }

            using var reader = cmd.ExecuteReader();
            var result = new List<(WorkflowExecutionStatus, long)>();
            while (reader.Read())
            {
                result.Add(((WorkflowExecutionStatus)reader.GetInt32(0), reader.GetInt64(1)));
            }

            return result;
        }
    }

    private void ReplaceSearchAttributes(string runId, IReadOnlyList<SearchAttributeRow> attributes, SqliteTransaction tx)
    {
        using (var delete = Command("DELETE FROM search_attributes WHERE run_id = $r", tx))
        {
            delete.Parameters.AddWithValue("$r", runId);
            delete.ExecuteNonQuery();
        }

        using var insert = Command("INSERT INTO search_attributes(run_id, name, type, text_value, num_value) VALUES ($r, $n, $t, $x, $v)", tx);
        foreach (var a in attributes)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$r", runId);
            insert.Parameters.AddWithValue("$n", a.Name);
            insert.Parameters.AddWithValue("$t", a.Type);
            insert.Parameters.AddWithValue("$x", (object?)a.Text ?? DBNull.Value);
            insert.Parameters.AddWithValue("$v", (object?)a.Number ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
    }

    private static List<StoredRun> ReadRuns(SqliteCommand cmd)
    {
        using var reader = cmd.ExecuteReader();
        var result = new List<StoredRun>();
        while (reader.Read())
        {
            result.Add(new StoredRun(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : (byte[])reader[4]));
        }

        return result;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }
}
