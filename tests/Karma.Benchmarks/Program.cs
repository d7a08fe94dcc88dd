using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/Karma.Benchmarks -- --filter '*'` runs the BenchmarkDotNet suites;
// named bench commands (see BenchCommands) measure end-to-end targets with plain numbers.
return BenchCommands.TryRun(args) ?? RunBenchmarkDotNet(args);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchCommands).Assembly).Run(args);
    return 0;
}
