using System.Text.Json;
using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>Cancelling an apply interrupts terraform (it saves state and stops), and kills it after the grace period.</summary>
public sealed class CancellationTests
{
    // Far longer than the test may take: the test finishing at all shows the step was cut short.
    private const string SlowConfig = """{"seconds":120}""";

    [Fact]
    public async Task Cancelling_an_apply_interrupts_terraform_which_stops_gracefully_and_saves_state()
    {
        using var tf = new TerraformFixture(testModule: ("slow", TestModules.SlowModule));
        var workspace = await tf.PrepareAndInitAsync("slow/one", SlowConfig);
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        var error = await ApplyAndCancelOnceStartedAsync(tf, workspace, plan.Plan);

        Assert.False(error.Killed);
        Assert.Equal("apply", error.Command);
        Assert.Contains(tf.Lines, line => line.Text.Contains("Interrupt received", StringComparison.Ordinal));

        // Terraform had time to record the half-made resource (tainted), so the next plan replaces it.
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(workspace.StatePath, TestContext.Current.CancellationToken));
        var instance = state.RootElement.GetProperty("resources")[0].GetProperty("instances")[0];
        Assert.Equal("tainted", instance.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Terraform_that_does_not_stop_within_the_grace_period_is_killed()
    {
        using var tf = new TerraformFixture(
            testModule: ("slow", TestModules.SlowModule),
            configure: options => options with { InterruptGracePeriod = TimeSpan.Zero });
        var workspace = await tf.PrepareAndInitAsync("slow/one", SlowConfig);
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        var error = await ApplyAndCancelOnceStartedAsync(tf, workspace, plan.Plan);

        Assert.True(error.Killed);
        Assert.Contains("killed", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TerraformInterruptedException> ApplyAndCancelOnceStartedAsync(
        TerraformFixture tf,
        TerraformWorkspace workspace,
        SavedPlan plan)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        void OnLine(TerraformOutputLine line)
        {
            tf.Record(line);
            if (line.Text.Contains("started-slow-step", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }

        return await Assert.ThrowsAsync<TerraformInterruptedException>(
            () => tf.Runner.ApplyAsync(workspace, plan, OnLine, cancel.Token));
    }
}
