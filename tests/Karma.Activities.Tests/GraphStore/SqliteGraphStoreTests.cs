using Karma.Activities.GraphStore;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;
using Microsoft.Data.Sqlite;
using static Karma.Activities.Tests.GraphStore.GraphFixtures;

namespace Karma.Activities.Tests.GraphStore;

public sealed class SqliteGraphStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-graphstore");
    private readonly List<SqliteGraphStore> _stores = [];

    private string DbPath => _temp.Combine("state", "graph.db");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _temp.Dispose();
    }

    private SqliteGraphStore Store()
    {
        var store = new SqliteGraphStore(DbPath);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task A_new_store_has_no_graph_and_creates_its_file()
    {
        Assert.Null(await Store().LoadLatestAsync("prod", Token));
        Assert.True(File.Exists(DbPath));
    }

    [Fact]
    public async Task A_first_write_adds_everything_and_reads_back_equal()
    {
        var store = Store();

        var result = await store.WriteAsync(Small(), Token);
        var stored = await store.LoadLatestAsync("prod", Token);

        Assert.Equal(new GraphWriteResult(1, 4, 0, 0, 5, 0), result);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        AssertSameGraph(Small(), stored.Graph);
    }

    [Fact]
    public async Task Writing_the_same_graph_from_the_same_commit_again_writes_nothing_and_keeps_the_version()
    {
        var store = Store();
        await store.WriteAsync(Small(), Token);

        var result = await store.WriteAsync(Small(), Token);

        Assert.True(result.Unchanged);
        Assert.Equal(1, result.Version);
        Assert.Single(await store.ListBuildsAsync("prod", Token));
        AssertSameGraph(Small(), (await store.LoadLatestAsync("prod", Token))!.Graph);
    }

    [Fact]
    public async Task The_same_graph_from_a_later_commit_is_a_new_version_that_remembers_the_commit()
    {
        var store = Store();
        await store.WriteAsync(Small(), Token);

        var result = await store.WriteAsync(Small() with { GitCommit = "commit-2" }, Token);

        Assert.True(result.Unchanged);
        Assert.Equal(2, result.Version);
        Assert.Equal("commit-2", (await store.LoadLatestAsync("prod", Token))!.Graph.GitCommit);
    }

    [Fact]
    public async Task A_write_applies_exactly_the_delta_and_keeps_history()
    {
        var store = Store();
        var first = Small();
        await store.WriteAsync(first, Token);
        var second = first with
        {
            GitCommit = "commit-2",
            Nodes =
            [
                .. first.Nodes.Where(n => n.Id != Id("s3-bucket/logs") && n.Id != Id("vpc/main")),
                Node("vpc/main", hash: "h2"),
                Node("ecs-cluster/main"),
            ],
            Edges =
            [
                .. first.Edges.Where(e => e.From != Id("s3-bucket/logs") && e.To != Id("s3-bucket/logs")),
                Consumes("ecs-cluster/main", "vpc/main"),
                Emits("vpc/main", "ecs-cluster/main"),
            ],
        };

        var result = await store.WriteAsync(second, Token);

        Assert.Equal(new GraphWriteResult(2, NodesAdded: 1, NodesUpdated: 1, NodesRemoved: 1, EdgesAdded: 2, EdgesRemoved: 2), result);
        AssertSameGraph(second, (await store.LoadLatestAsync("prod", Token))!.Graph);
        AssertSameGraph(first, (await store.LoadVersionAsync("prod", 1, Token))!.Graph);
        Assert.Null(await store.LoadVersionAsync("prod", 3, Token));
        Assert.Equal(6, CountRows("nodes"));
    }

    [Fact]
    public async Task A_removed_component_can_come_back()
    {
        var store = Store();
        var full = Small();
        var without = full with { Nodes = full.Nodes.Where(n => n.Id != Id("vpc/main")).ToArray(), Edges = [] };

        await store.WriteAsync(full, Token);
        await store.WriteAsync(without, Token);
        var result = await store.WriteAsync(full, Token);

        Assert.Equal((1, 5), (result.NodesAdded, result.EdgesAdded));
        AssertSameGraph(full, (await store.LoadLatestAsync("prod", Token))!.Graph);
        AssertSameGraph(without, (await store.LoadVersionAsync("prod", 2, Token))!.Graph);
    }

    [Fact]
    public async Task Environments_are_separate_graphs_with_their_own_versions()
    {
        var store = Store();
        await store.WriteAsync(Small("prod"), Token);
        await store.WriteAsync(Small("prod"), Token);

        var dev = await store.WriteAsync(Small("dev") with { Edges = [] }, Token);

        Assert.Equal(1, dev.Version);
        Assert.Empty((await store.LoadLatestAsync("dev", Token))!.Graph.Edges);
        Assert.Equal(5, (await store.LoadLatestAsync("prod", Token))!.Graph.Edges.Count);
        Assert.Null(await store.LoadLatestAsync("staging", Token));
    }

    [Fact]
    public async Task An_empty_graph_removes_everything()
    {
        var store = Store();
        await store.WriteAsync(Small(), Token);

        var result = await store.WriteAsync(new ComponentGraph("prod", "commit-2", [], []), Token);

        Assert.Equal((4, 5), (result.NodesRemoved, result.EdgesRemoved));
        var stored = await store.LoadLatestAsync("prod", Token);
        Assert.Empty(stored!.Graph.Nodes);
        Assert.Equal("commit-2", stored.Graph.GitCommit);
    }

    [Fact]
    public async Task Reopening_the_file_reads_the_same_graph_and_deltas_continue()
    {
        var first = Store();
        await first.WriteAsync(Small(), Token);
        first.Dispose();

        var reopened = Store();
        var stored = await reopened.LoadLatestAsync("prod", Token);
        var result = await reopened.WriteAsync(Small() with { Nodes = [.. Small().Nodes, Node("vpc/edge")] }, Token);

        AssertSameGraph(Small(), stored!.Graph);
        Assert.Equal(new GraphWriteResult(2, 1, 0, 0, 0, 0), result);
    }

    [Fact]
    public async Task A_write_sees_what_another_process_wrote_since_its_own_last_write()
    {
        var processA = Store();
        var processB = Store();
        await processA.WriteAsync(Small(), Token);
        await processB.WriteAsync(Small() with { Nodes = [.. Small().Nodes, Node("vpc/b-only")] }, Token);

        // A's last write did not have vpc/b-only; its delta must still be computed against B's version.
        var result = await processA.WriteAsync(Small(), Token);

        Assert.Equal(new GraphWriteResult(3, 0, 0, 1, 0, 0), result);
        AssertSameGraph(Small(), (await processB.LoadLatestAsync("prod", Token))!.Graph);
    }

    [Fact]
    public async Task Concurrent_writers_on_one_file_all_succeed_with_distinct_versions()
    {
        var writers = new[] { Store(), Store(), Store() };
        var graphs = Enumerable.Range(0, 12)
            .Select(i => Small() with { GitCommit = $"commit-{i}", Nodes = [.. Small().Nodes, Node($"vpc/n{i}")] })
            .ToArray();

        var results = await Task.WhenAll(graphs.Select((graph, i) => Task.Run(() => writers[i % writers.Length].WriteAsync(graph, Token), Token)));

        Assert.Equal(Enumerable.Range(1, graphs.Length).Select(v => (long)v), results.Select(r => r.Version).Order());
        var reader = Store();
        for (var i = 0; i < graphs.Length; i++)
        {
            AssertSameGraph(graphs[i], (await reader.LoadVersionAsync("prod", results[i].Version, Token))!.Graph);
        }
    }

    [Fact]
    public async Task The_file_uses_write_ahead_logging_so_readers_are_not_blocked_by_a_writer()
    {
        var store = Store();
        await store.WriteAsync(Small(), Token);
        using var other = OpenRaw();
        using var holdingWriteLock = other.BeginTransaction(deferred: false);
        Execute(other, holdingWriteLock, "INSERT INTO builds (environment, status, started_at) VALUES ('prod', 'building', '2026-01-01T00:00:00Z')");

        var stored = await store.LoadLatestAsync("prod", Token);

        Assert.Equal("wal", Scalar(other, holdingWriteLock, "PRAGMA journal_mode"));
        AssertSameGraph(Small(), stored!.Graph);
    }

    [Fact]
    public async Task A_write_that_fails_half_way_is_rolled_back_invisible_and_marked_failed()
    {
        var store = Store();
        await store.WriteAsync(Small(), Token);
        using (var raw = OpenRaw())
        {
            // A real failure inside the write transaction, after the node rows were already written.
            Execute(raw, null, "CREATE TRIGGER fail_edges BEFORE INSERT ON edges WHEN NEW.to_id = 'vpc/boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        }

        var failing = Small() with { Nodes = [.. Small().Nodes, Node("vpc/boom"), Node("vpc/fine")], Edges = [.. Small().Edges, Consumes("lambda/api", "vpc/boom")] };
        var error = await Assert.ThrowsAsync<GraphStoreException>(() => store.WriteAsync(failing, Token));

        Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
        var stored = await store.LoadLatestAsync("prod", Token);
        Assert.Equal(1, stored!.Version);
        AssertSameGraph(Small(), stored.Graph);
        Assert.Equal(4, CountRows("nodes"));
        var builds = await store.ListBuildsAsync("prod", Token);
        Assert.Equal([GraphBuildStatus.Ready, GraphBuildStatus.Failed], builds.Select(b => b.Status));
        Assert.Contains("injected failure", builds[1].Error, StringComparison.Ordinal);
        Assert.Null(builds[1].Version);

        using (var raw = OpenRaw())
        {
            Execute(raw, null, "DROP TRIGGER fail_edges");
        }

        var retry = await store.WriteAsync(failing, Token);
        Assert.Equal(new GraphWriteResult(2, 2, 0, 0, 1, 0), retry);
    }

    [Fact]
    public async Task A_build_whose_writer_died_stays_invisible_and_does_not_block_the_next_write()
    {
        var store = Store();
        await store.WriteAsync(Small(), Token);
        using (var crashed = OpenRaw())
        {
            // What a killed writer leaves: its "building" row, and a write transaction that never committed.
            Execute(crashed, null, "INSERT INTO builds (environment, status, started_at) VALUES ('prod', 'building', '2026-01-01T00:00:00Z')");
            var transaction = crashed.BeginTransaction(deferred: false);
            Execute(crashed, transaction,
                "INSERT INTO nodes (environment, type, nickname, config_path, runtime_path, valid_from) VALUES ('prod', 'vpc', 'half', 'x', 'y', 2)");
            Execute(crashed, transaction, "UPDATE nodes SET valid_to = 2 WHERE type = 'vpc' AND nickname = 'main'");
        }

        var reader = Store();
        AssertSameGraph(Small(), (await reader.LoadLatestAsync("prod", Token))!.Graph);
        Assert.Equal([GraphBuildStatus.Ready, GraphBuildStatus.Building], (await reader.ListBuildsAsync("prod", Token)).Select(b => b.Status));

        var next = await reader.WriteAsync(Small() with { Nodes = [.. Small().Nodes, Node("vpc/after")] }, Token);
        Assert.Equal(new GraphWriteResult(2, 1, 0, 0, 0, 0), next);
    }

    [Fact]
    public async Task A_malformed_graph_is_refused_before_anything_is_recorded()
    {
        var store = Store();

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(Small() with { Nodes = [.. Small().Nodes, Node("vpc/main")] }, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(Small() with { Nodes = [Node("vpc/x", environment: "dev")] }, Token));

        Assert.Empty(await store.ListBuildsAsync("prod", Token));
    }

    [Fact]
    public async Task Build_history_records_commits_and_times()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var store = new SqliteGraphStore(DbPath, clock);
        _stores.Add(store);

        await store.WriteAsync(Small(), Token);
        clock.Now = clock.Now.AddMinutes(5);
        await store.WriteAsync(Small() with { GitCommit = "commit-2" }, Token);

        var builds = await store.ListBuildsAsync("prod", Token);
        Assert.Equal([("commit-1", 1L), ("commit-2", 2L)], builds.Select(b => (b.GitCommit!, b.Version!.Value)));
        Assert.Equal(clock.Now, builds[1].FinishedAt);
        var latest = await store.LoadLatestAsync("prod", Token);
        Assert.Equal(clock.Now, latest!.BuiltAt);
        Assert.Equal("commit-2", latest.Graph.GitCommit);
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private long CountRows(string table)
    {
        using var raw = OpenRaw();
        return Convert.ToInt64(Scalar(raw, null, $"SELECT COUNT(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
