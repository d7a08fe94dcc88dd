using Microsoft.Data.Sqlite;

namespace Karma.TemporalDev.Persistence;

/// <summary>
/// The statements of every run commit, prepared once and re-bound per transaction: re-parsing the same SQL
/// tens of thousands of times was a measurable share of a busy server's CPU. Used under the store's lock only.
/// </summary>
internal sealed class CommitStatements : IDisposable
{
    private readonly SqliteCommand insertEvent;
    private readonly SqliteCommand upsertExecution;
    private readonly SqliteCommand upsertCurrent;

    public CommitStatements(SqliteConnection connection)
    {
        insertEvent = Create(connection, "INSERT INTO events(run_id, event_id, data) VALUES ($r, $e, $d)", "$r", "$e", "$d");
        upsertExecution = Create(connection, """
            INSERT INTO executions(run_id, namespace, workflow_id, workflow_type, task_queue, status, start_ms, close_ms, history_length, state, buffered)
            VALUES ($r, $n, $w, $t, $q, $s, $st, $cl, $h, $state, $b)
            ON CONFLICT(run_id) DO UPDATE SET status = excluded.status, close_ms = excluded.close_ms,
                history_length = excluded.history_length, state = excluded.state, buffered = excluded.buffered
            """, "$r", "$n", "$w", "$t", "$q", "$s", "$st", "$cl", "$h", "$state", "$b");
        upsertCurrent = Create(connection, "INSERT OR REPLACE INTO current_executions(namespace, workflow_id, run_id) VALUES ($n, $w, $r)", "$n", "$w", "$r");
    }

    public void Bind(SqliteTransaction tx)
    {
        insertEvent.Transaction = tx;
        upsertExecution.Transaction = tx;
        upsertCurrent.Transaction = tx;
    }

    public void InsertEvent(string runId, long eventId, byte[] data) => Run(insertEvent, runId, eventId, data);

    public void UpsertExecution(RunWrite w) => Run(
        upsertExecution, w.RunId, w.Namespace, w.WorkflowId, w.WorkflowType, w.TaskQueue, (int)w.Status, w.StartMs,
        (object?)w.CloseMs ?? DBNull.Value, w.HistoryLength, w.StateJson, (object?)w.Buffered ?? DBNull.Value);

    public void UpsertCurrent(string ns, string workflowId, string runId) => Run(upsertCurrent, ns, workflowId, runId);

    public void Dispose()
    {
        insertEvent.Dispose();
        upsertExecution.Dispose();
        upsertCurrent.Dispose();
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter(p, null));
        }

        command.Prepare();
        return command;
    }
}
