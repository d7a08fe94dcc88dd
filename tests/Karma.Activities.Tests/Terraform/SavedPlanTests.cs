using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>Only the reviewed plan is applied, and only while it still matches the state.</summary>
public sealed class SavedPlanTests
{
    [Fact]
    public async Task A_plan_made_before_another_apply_is_rejected_as_stale()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"assets-1"}""");
        var first = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        var second = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        await tf.Runner.ApplyAsync(workspace, second.Plan, tf.Record, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<StalePlanException>(
            () => tf.Runner.ApplyAsync(workspace, first.Plan, tf.Record, TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Contains("stale", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.ErrorTail, line => line.Contains("Saved plan is stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_uses_the_saved_plan_even_when_the_workspace_was_prepared_again_with_another_config()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"reviewed-name"}""");
        var reviewed = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        tf.Runner.Prepare(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"later-name"}"""));

        await tf.Runner.ApplyAsync(workspace, reviewed.Plan, tf.Record, TestContext.Current.CancellationToken);

        var outputs = await tf.Runner.ReadOutputsAsync(workspace, tf.Record, TestContext.Current.CancellationToken);
        Assert.Equal("\"reviewed-name\"", outputs.ValuesJson["bucket_name"]);
    }

    [Fact]
    public async Task A_plan_file_whose_bytes_changed_is_refused_before_terraform_runs()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"assets-1"}""");
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        var other = await tf.Runner.PlanAsync(workspace, new PlanRequest { Destroy = true }, tf.Record, TestContext.Current.CancellationToken);
        File.Copy(other.Plan.PlanFile, plan.Plan.PlanFile, overwrite: true);

        var error = await Assert.ThrowsAsync<PlanFileMismatchException>(
            () => tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken));

        Assert.Contains(plan.Plan.Sha256, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(tf.Lines, line => line.Command == "apply");
        Assert.False(File.Exists(workspace.StatePath) && File.ReadAllText(workspace.StatePath).Contains("assets-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_plan_file_is_reported_as_missing()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"assets-1"}""");
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        File.Delete(plan.Plan.PlanFile);

        var error = await Assert.ThrowsAsync<PlanFileMismatchException>(
            () => tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken));
        Assert.Contains("no longer exists", error.Message, StringComparison.Ordinal);
    }
}
