using Karma.Testing;

namespace Karma.Cli.Tests;

/// <summary>The README's first command, end to end (alone: it is timing-sensitive on a 2-core machine).</summary>
[Collection(nameof(DemoSpecs))]
public sealed class DemoSpecs : IDisposable
{
    private readonly TempDirectory _temp = new("karma-cli-demo");

    [Fact]
    public async Task The_demo_deploys_changes_rolls_out_and_prints_the_graph_and_audit_trail()
    {
        RequiredTool.Require("terraform", "the demo plans and applies with it");

        var run = await new KarmaProcess(_temp.Combine("home"), timeout: TimeSpan.FromMinutes(8)).RunAsync(_temp.Path, "demo");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("7 components, 16 edges, 0 errors", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("vpc/main-vpc: applied", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("rollout wave 1: applied", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("audit trail:", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("demo finished", run.StdOut, StringComparison.Ordinal);

        // The followers print each change's steps in order; the in-process worker's notifications ("[ApprovalNeeded] …")
        // go to the log, so none cuts in ahead of the step it reports.
        Assert.DoesNotMatch(@"(?m)^\[[A-Za-z]+\] ", run.StdErr);
    }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(nameof(DemoSpecs), DisableParallelization = true)]
public sealed class DemoRunsAlone;
