using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Karma.Activities.Audit;
using Karma.Core.Lifecycle;
using Karma.Core.Ports;
using Karma.Testing;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench audit-store [--entries N] [--stores file,dynamodb,s3]</c>: per store, the p50/p95 of one append
/// (sequential, as one activity writes) and the latency of the read behind <c>karma log list --component X</c>
/// once the trail holds N entries over 20 components (DynamoDB and S3 on a local moto server).
/// </summary>
internal static class AuditStoreBench
{
    private const int Components = 20;
    private const int Reads = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var entries = Option(args, "--entries") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 10_000;
        var stores = (Option(args, "--stores") ?? "file,dynamodb,s3").Split(',');
        using var temp = new TempDirectory("karma-bench-audit");
        await using var moto = new MotoServer();
        if (stores.Any(s => s != "file"))
        {
            await moto.InitializeAsync();
            if (!moto.IsAvailable)
            {
                await Console.Error.WriteLineAsync($"moto unavailable: {moto.UnavailableReason}");
                return 1;
            }
        }

        Console.WriteLine($"audit-store: {entries} entries over {Components} components; append = one sequential AppendAsync; list = ReadAsync(component) x{Reads}");
        foreach (var name in stores)
        {
            var store = await CreateAsync(name, moto, temp);
            var appends = new List<double>(entries);
            var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            var total = Stopwatch.StartNew();
            for (var i = 0; i < entries; i++)
            {
                var entry = new AuditEntry($"bench-{i}", start.AddSeconds(i * 37), AuditActions.TerraformApplied, $"vpc/c{i % Components}", "bench", "cli", new JsonObject { ["i"] = i }, "ok", $"c-{i}");
                var clock = Stopwatch.StartNew();
                await store.AppendAsync(entry, CancellationToken.None);
                appends.Add(clock.Elapsed.TotalMilliseconds);
            }

            var fill = total.Elapsed;
            var reads = new List<double>();
            var found = 0;
            for (var r = 0; r < Reads; r++)
            {
                var clock = Stopwatch.StartNew();
                found = (await store.ReadAsync(new AuditQuery(Component: "vpc/c7"), CancellationToken.None)).Count;
                reads.Add(clock.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-9} append p50 {Percentile(appends, 0.5),8:F2} ms  p95 {Percentile(appends, 0.95),8:F2} ms  (fill {fill.TotalSeconds:F1} s)   list --component ({found} of {entries}) p50 {Percentile(reads, 0.5),8:F1} ms"));
            (store as IDisposable)?.Dispose();
        }

        return 0;
    }

    private static async Task<IAuditStore> CreateAsync(string name, MotoServer moto, TempDirectory temp)
    {
        switch (name)
        {
            case "file":
                return new FileAuditStore(temp.Combine("audit.jsonl"));
            case "dynamodb":
                return new DynamoDbAuditStore(MotoClients.DynamoDb(moto), $"bench-{Guid.NewGuid():N}", createTable: true);
            case "s3":
                var s3 = MotoClients.S3(moto);
                var bucket = $"bench-{Guid.NewGuid():N}";
                await s3.PutBucketAsync(bucket);
                return new S3AuditStore(s3, bucket, "audit");
            default:
                throw new ArgumentException($"unknown store '{name}' (file, dynamodb, s3)");
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
