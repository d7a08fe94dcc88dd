using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Karma.Activities.Terraform;
using Karma.Core.Model;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench terraform-overhead [--repetitions N] [--module vpc] [--modules PATH]</c>: the TerraformRunner's
/// prepare + init + plan (with show -json, summary, redaction, hashing) + apply on an offline example module,
/// against the same terraform commands started by hand. Each repetition starts from an empty workspace;
/// the two variants alternate so machine load affects both alike. Reports medians and the ratio.
/// </summary>
internal static class TerraformOverheadBench
{
    private const string VpcConfig = """{"cidr_block":"10.0.0.0/16","azs":["us-east-1a","us-east-1b"],"enable_nat_gateway":true}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var repetitions = int.Parse(Option(args, "--repetitions") ?? "5", CultureInfo.InvariantCulture);
        var type = Option(args, "--module") ?? "vpc";
        var modulesRoot = Option(args, "--modules") ?? Path.Combine(FindRepositoryRoot(), "examples", "modules");
        var configJson = Option(args, "--config") ?? VpcConfig;
        var moduleDirectory = Path.Combine(modulesRoot, "components", type);
        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-tf-{Guid.NewGuid():N}");

        try
        {
            var runnerTimes = new List<double>();
            var manualTimes = new List<double>();
            var steps = new StepTimes();
            var manualSteps = new StepTimes();

            // Repetition 0 warms up (JIT, file cache, terraform binary in page cache) and is not counted.
            for (var i = 0; i <= repetitions; i++)
            {
                steps.Counting = manualSteps.Counting = i > 0;
                var runner = await TimeAsync(() => RunnerCycleAsync(Path.Combine(root, $"runner-{i}"), modulesRoot, type, configJson, steps));
                var manual = await TimeAsync(() => TerraformManualRun.RunAsync(moduleDirectory, ManualVariables(type, configJson), Path.Combine(root, $"manual-{i}"), manualSteps));
                if (i > 0)
                {
                    runnerTimes.Add(runner);
                    manualTimes.Add(manual);
                }
            }

            var runnerMedian = Median(runnerTimes);
            var manualMedian = Median(manualTimes);
            Console.WriteLine($"terraform-overhead: module={type} repetitions={repetitions} (init+plan+show+apply, fresh workspace each)");
            Console.WriteLine($"  runner  median {runnerMedian,8:F1} ms  min {runnerTimes.Min(),8:F1}  max {runnerTimes.Max(),8:F1}");
            Console.WriteLine($"  by hand median {manualMedian,8:F1} ms  min {manualTimes.Min(),8:F1}  max {manualTimes.Max(),8:F1}");
            Console.WriteLine($"  runner steps (median ms): {steps.Describe()}; {steps.Lines / repetitions} output lines streamed per cycle");
            Console.WriteLine($"  by hand steps (median ms): {manualSteps.Describe()}");
            Console.WriteLine($"  ratio runner/by-hand {runnerMedian / manualMedian:F3}  (overhead {runnerMedian - manualMedian:F1} ms per cycle)");
            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task RunnerCycleAsync(string workRoot, string modulesRoot, string type, string configJson, StepTimes steps)
    {
        var runner = new TerraformRunner(new TerraformOptions { WorkRoot = workRoot, ModulesRoot = modulesRoot });
        var prepared = await steps.TimeAsync("prepare", () => Task.FromResult(runner.Prepare(
            new ComponentTerraformInput("bench", new ComponentId(type, "bench"), configJson, new Dictionary<string, string>()))));
        await steps.TimeAsync("init", () => runner.InitAsync(prepared.Workspace, steps.CountLine, CancellationToken.None));
        var plan = await steps.TimeAsync("plan+show", () => runner.PlanAsync(prepared.Workspace, null, steps.CountLine, CancellationToken.None));
        await steps.TimeAsync("apply", () => runner.ApplyAsync(prepared.Workspace, plan.Plan, steps.CountLine, CancellationToken.None));
    }

    private static string ManualVariables(string type, string configJson) => new JsonObject
    {
        ["component_name"] = type,
        ["nickname"] = "bench",
        ["iac_prefix"] = "/iac",
        ["region"] = "us-east-1",
        ["config"] = JsonNode.Parse(configJson),
        ["upstream"] = new JsonObject(),
    }.ToJsonString();

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Karma.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Karma.sln above {AppContext.BaseDirectory}; pass --modules PATH.");
    }
}
