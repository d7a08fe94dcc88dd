using System.Diagnostics;
using System.Globalization;
using Karma.Activities.GraphStore;
using Karma.Core.Analysis;
using Karma.Worker.Api;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench api-memory [--sizes 10000,100000]</c>: memory held by the API's in-memory snapshot and the time a refresh
/// takes (store read + index + first whole-graph render) after a one-component change.
/// </summary>
internal static class ApiSnapshotBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizesIndex = Array.IndexOf(args, "--sizes");
        var sizes = (sizesIndex >= 0 ? args[sizesIndex + 1] : "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture));
        foreach (var size in sizes)
        {
            var dir = Path.Combine(Path.GetTempPath(), $"karma-api-bench-{Environment.ProcessId}-{size}");
            try
            {
                var system = GraphSystemGenerator.Generate(size);
                using var store = new SqliteGraphStore(Path.Combine(dir, "graph.db"));
                await store.WriteAsync(GraphBuilder.Build(system.Config, system.Parameters).Graph, CancellationToken.None);

                // A fresh store instance per measurement: the service reads what another process (a build) wrote.
                using var reader = new SqliteGraphStore(Path.Combine(dir, "graph.db"));
                using var source = new CachedGraphSnapshotSource(reader);
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var load = Stopwatch.StartNew();
                var snapshot = await source.RefreshAsync("bench", CancellationToken.None);
                var json = snapshot!.Json.Length;
                load.Stop();
                var held = GC.GetTotalMemory(forceFullCollection: true) - before;
                GC.KeepAlive(snapshot);

                var changed = GraphSystemGenerator.ChangeOne(system, size / 2, "c2");
                await store.WriteAsync(GraphBuilder.Build(changed.Config, changed.Parameters).Graph, CancellationToken.None);
                var refresh = Stopwatch.StartNew();
                var next = await source.RefreshAsync("bench", CancellationToken.None);
                _ = next!.Json.Length;
                refresh.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"api-memory components={size} edges={snapshot.Queries.Graph.Edges.Count} snapshot_mb={held / 1048576.0:F1} json_mb={json / 1048576.0:F1} initial_load_ms={load.ElapsedMilliseconds} refresh_after_change_ms={refresh.ElapsedMilliseconds} version={next.Version}"));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        return 0;
    }
}
