namespace Karma.TemporalDev.Persistence;

/// <summary>
/// Tables: <c>events</c> is append-only (one row per history event, protobuf bytes); every other table holds
/// mutable state that is rewritten in the same transaction as the events it derives from.
/// </summary>
internal static class SqliteSchema
{
    public const string Create = """
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=NORMAL;
        PRAGMA foreign_keys=OFF;
        CREATE TABLE IF NOT EXISTS namespaces(
            name TEXT PRIMARY KEY, id TEXT NOT NULL, retention_seconds INTEGER NOT NULL, created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS executions(
            run_id TEXT PRIMARY KEY, namespace TEXT NOT NULL, workflow_id TEXT NOT NULL, workflow_type TEXT NOT NULL,
            task_queue TEXT NOT NULL, status INTEGER NOT NULL, start_ms INTEGER NOT NULL, close_ms INTEGER,
            history_length INTEGER NOT NULL, state TEXT NOT NULL, buffered BLOB);
        CREATE INDEX IF NOT EXISTS executions_by_namespace ON executions(namespace, start_ms);
        CREATE INDEX IF NOT EXISTS executions_open ON executions(status) WHERE status = 1;
        CREATE TABLE IF NOT EXISTS current_executions(
            namespace TEXT NOT NULL, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY(namespace, workflow_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS events(
            run_id TEXT NOT NULL, event_id INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(run_id, event_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS search_attributes(
            run_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, text_value TEXT, num_value REAL);
        CREATE INDEX IF NOT EXISTS search_attributes_by_run ON search_attributes(run_id);
        CREATE INDEX IF NOT EXISTS search_attributes_by_value ON search_attributes(name, text_value);
        CREATE TABLE IF NOT EXISTS search_attribute_types(
            namespace TEXT NOT NULL, name TEXT NOT NULL, type INTEGER NOT NULL, PRIMARY KEY(namespace, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS schedules(
            namespace TEXT NOT NULL, schedule_id TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(namespace, schedule_id)) WITHOUT ROWID;
        """;
}
