using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>A plan made only for terraform's verdict (verify after apply) is summarised only when it has changes.</summary>
public sealed class PlanVerdictTests
{
    private static readonly PlanRequest VerdictOnly = new() { WriteRedactedJson = false, SummarizeWhenUnchanged = false };

    [Fact]
    public async Task An_unchanged_plan_is_not_shown_and_a_changed_one_is_summarised()
    {
        var ct = TestContext.Current.CancellationToken;
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"a"}""");

        var pending = await tf.Runner.PlanAsync(workspace, VerdictOnly, tf.Record, ct);
        await tf.Runner.ApplyAsync(workspace, pending.Plan, tf.Record, ct);
        var settled = await tf.Runner.PlanAsync(workspace, VerdictOnly, tf.Record, ct);

        Assert.True(pending.Summary.HasChanges);
        Assert.Equal(1, pending.Summary.Create);
        Assert.False(settled.Summary.HasChanges);

        // Summaries come from show -json; the shared empty one means show was not run.
        Assert.Same(PlanSummary.NoChanges, settled.Summary);
        Assert.True(File.Exists(settled.Plan.PlanFile));
    }
}
