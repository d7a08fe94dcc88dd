namespace Karma.Activities.GraphStore;

/// <summary>
/// Tables of the embedded graph store. Nodes and edges are versioned rows: a row is part of every graph version v
/// with <c>valid_from &lt;= v</c> and (<c>valid_to</c> null or <c>&gt; v</c>), so a write touches only changed rows and
/// older versions stay readable. Graph versions are assigned per environment when a build becomes ready.
/// The primary keys start with the identity, so closing a current row is an index lookup; no extra indexes are
/// kept because every write would pay for them. <c>build_memos</c> holds, per environment, what the last graph build
/// read and found (<see cref="GraphBuildMemo"/>), so the same inputs again need not be analysed again.
/// </summary>
internal static class SqliteGraphSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS builds (
            build_id INTEGER PRIMARY KEY AUTOINCREMENT,
            environment TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('building', 'ready', 'failed')),
            graph_version INTEGER,
            git_commit TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            nodes_added INTEGER, nodes_updated INTEGER, nodes_removed INTEGER, edges_added INTEGER, edges_removed INTEGER,
            error TEXT,
            CHECK ((status = 'ready') = (graph_version IS NOT NULL))
        );
        CREATE UNIQUE INDEX IF NOT EXISTS builds_version ON builds (environment, graph_version) WHERE graph_version IS NOT NULL;

        CREATE TABLE IF NOT EXISTS nodes (
            environment TEXT NOT NULL,
            type TEXT NOT NULL,
            nickname TEXT NOT NULL,
            config_path TEXT NOT NULL,
            runtime_path TEXT NOT NULL,
            config_hash TEXT,
            git_commit TEXT,
            last_change_id TEXT,
            has_runtime INTEGER,
            config_drift INTEGER,
            valid_from INTEGER NOT NULL,
            valid_to INTEGER,
            PRIMARY KEY (environment, type, nickname, valid_from)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS edges (
            environment TEXT NOT NULL,
            from_id TEXT NOT NULL,
            label TEXT NOT NULL,
            to_id TEXT NOT NULL,
            json_path TEXT NOT NULL,
            valid_from INTEGER NOT NULL,
            valid_to INTEGER,
            PRIMARY KEY (environment, from_id, label, to_id, json_path, valid_from)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS build_memos (
            environment TEXT PRIMARY KEY,
            graph_version INTEGER NOT NULL,
            inputs TEXT NOT NULL,
            analysis TEXT NOT NULL
        );
        """;
}
