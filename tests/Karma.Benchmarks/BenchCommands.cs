/// <summary>
/// Named end-to-end bench commands (<c>dotnet run -c Release --project tests/Karma.Benchmarks -- bench NAME</c>).
/// Each reports numbers and ratios on stdout. Register new ones in <see cref="Commands"/>.
/// </summary>
internal static class BenchCommands
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["adage"] = Karma.Benchmarks.AdageBench.RunAsync,
        ["api-memory"] = Karma.Benchmarks.ApiSnapshotBench.RunAsync,
        ["api-serve"] = Karma.Benchmarks.ApiServeBench.RunAsync,
        ["audit-store"] = Karma.Benchmarks.AuditStoreBench.RunAsync,
        ["cli-startup"] = Karma.Benchmarks.CliStartupBench.RunAsync,
        ["config-sources"] = Karma.Benchmarks.ConfigSourcesBench.RunAsync,
        ["graph"] = Karma.Benchmarks.GraphBench.RunAsync,
        ["graph-build"] = Karma.Benchmarks.GraphBuildEndToEndBench.RunAsync,
        ["graph-build-phases"] = Karma.Benchmarks.GraphBuildPhasesBench.RunAsync,
        ["lifecycle-concurrency"] = Karma.Benchmarks.LifecycleConcurrencyBench.RunAsync,
        ["lifecycle-overhead"] = Karma.Benchmarks.LifecycleOverheadBench.RunAsync,
        ["gremlin"] = Karma.Benchmarks.GremlinBench.RunAsync,
        ["temporal-dev"] = Karma.Benchmarks.TemporalDevBench.RunAsync,
        ["temporal-ui"] = Karma.Benchmarks.TemporalUiBench.RunAsync,
        ["terraform-overhead"] = Karma.Benchmarks.TerraformOverheadBench.RunAsync,
    };

    public static int? TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "bench")
        {
            return null;
        }

        if (args.Length < 2 || !Commands.TryGetValue(args[1], out var command))
        {
            Console.Error.WriteLine($"usage: bench <{string.Join('|', Commands.Keys.Order(StringComparer.Ordinal))}> [options]");
            return 2;
        }

        return command(args[2..]).GetAwaiter().GetResult();
    }
}
