using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>A state lock held by a running apply is a transient failure: retrying later can succeed.</summary>
public sealed class StateLockTests
{
    [Fact]
    public async Task Planning_while_an_apply_holds_the_state_lock_fails_as_transient()
    {
        using var tf = new TerraformFixture(
            testModule: ("slow", TestModules.SlowModule),
            configure: options => options with { StateLockTimeout = TimeSpan.Zero });
        var workspace = await tf.PrepareAndInitAsync("slow/one", """{"seconds":120}""");
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        using var stopApply = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var apply = tf.Runner.ApplyAsync(
            workspace,
            plan.Plan,
            line =>
            {
                tf.Record(line);
                if (line.Text.Contains("started-slow-step", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            },
            stopApply.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        try
        {
            var error = await Assert.ThrowsAsync<TerraformPlanException>(
                () => tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken));

            Assert.True(error.IsTransient);
            Assert.Contains("state lock", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await stopApply.CancelAsync();
            await Assert.ThrowsAsync<TerraformInterruptedException>(() => apply);
        }
    }
}
