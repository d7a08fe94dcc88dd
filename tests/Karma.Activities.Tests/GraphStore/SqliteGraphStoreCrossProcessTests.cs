using System.Diagnostics;
using Karma.Activities.GraphStore;
using Karma.Core.Ports;
using Karma.Testing;
using static Karma.Activities.Tests.GraphStore.GraphFixtures;

namespace Karma.Activities.Tests.GraphStore;

/// <summary>A second OS process (the sqlite3 shell) shares the database file with the store.</summary>
public sealed class SqliteGraphStoreCrossProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-graphstore-xproc");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_write_waits_for_another_process_holding_the_lock_then_applies_its_delta_on_top()
    {
        var sqlite3 = RequiredTool.Require("sqlite3", "to hold the database write lock from a second process");
        var token = TestContext.Current.CancellationToken;
        var dbPath = _temp.Combine("graph.db");
        using var store = new SqliteGraphStore(dbPath);
        await store.WriteAsync(Small(), token);

        using var other = Process.Start(new ProcessStartInfo(sqlite3, [dbPath])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            // The other process takes the write lock and, inside it, publishes version 2 with one extra node.
            await other.StandardInput.WriteLineAsync("""
                BEGIN IMMEDIATE;
                INSERT INTO builds (environment, status, graph_version, started_at, finished_at) VALUES ('prod', 'ready', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z');
                INSERT INTO nodes (environment, type, nickname, config_path, runtime_path, config_hash, valid_from) VALUES ('prod', 'vpc', 'other', 'c', 'r', 'h', 2);
                SELECT 'locked';
                """.AsMemory(), token);
            await other.StandardInput.FlushAsync(token);
            Assert.Equal("locked", await other.StandardOutput.ReadLineAsync(token));

            var write = store.WriteAsync(Small(), token);
            var finishedEarly = await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(300), token)) == write;
            Assert.False(finishedEarly, "the write completed while another process held the write lock");

            await other.StandardInput.WriteLineAsync("COMMIT;".AsMemory(), token);
            await other.StandardInput.FlushAsync(token);
            var result = await write.WaitAsync(TimeSpan.FromSeconds(20), token);

            Assert.Equal(new GraphWriteResult(3, 0, 0, NodesRemoved: 1, 0, 0), result);
            AssertSameGraph(Small(), (await store.LoadLatestAsync("prod", token))!.Graph);
        }
        finally
        {
            other.StandardInput.Close();
            await other.WaitForExitAsync(token).WaitAsync(TimeSpan.FromSeconds(10), token);
        }
    }
}
