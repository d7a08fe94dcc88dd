using System.Text.Json;
using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>The full plan/apply cycle of the offline vpc module with the real terraform.</summary>
public sealed class OfflineModuleLifecycleTests
{
    [Fact]
    public async Task First_plan_creates_everything_and_apply_publishes_the_runtime_outputs()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithNat);

        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        Assert.True(plan.Summary.HasChanges);
        Assert.Equal((VpcConfigs.ResourceCount, 0, 0, 0), (plan.Summary.Create, plan.Summary.Update, plan.Summary.Delete, plan.Summary.Replace));
        Assert.False(plan.Summary.HasDestroys);
        Assert.Contains(plan.Summary.ResourceChanges, change => change.Address == "terraform_data.nat_gateway[0]" && change.Action == ChangeAction.Create);
        Assert.Contains(plan.Summary.OutputChanges, output => output.Name == "has_nat" && output.After == "true");
        Assert.Contains(plan.Summary.OutputChanges, output => output.Name == "vpc_id" && output.AfterUnknown);
        Assert.True(File.Exists(plan.Plan.PlanFile));
        Assert.Matches("^[0-9a-f]{64}$", plan.Plan.Sha256);
        Assert.True(File.Exists(plan.Plan.RedactedJsonFile));
        Assert.StartsWith(workspace.PlansDirectory, plan.Plan.PlanFile, StringComparison.Ordinal);

        await tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken);
        var outputs = await tf.Runner.ReadOutputsAsync(workspace, tf.Record, TestContext.Current.CancellationToken);

        Assert.Equal("\"10.0.0.0/16\"", outputs.ValuesJson["vpc_cidr"]);
        Assert.Equal("true", outputs.ValuesJson["has_nat"]);
        Assert.StartsWith("\"vpc-", outputs.ValuesJson["vpc_id"], StringComparison.Ordinal);
        Assert.Equal(2, JsonDocument.Parse(outputs.ValuesJson["private_subnet_ids"]).RootElement.GetArrayLength());
        Assert.True(File.Exists(workspace.StatePath));
        Assert.Contains(tf.Lines, line => line.Command == "apply" && line.Text.Contains("Apply complete!", StringComparison.Ordinal));
        Assert.Contains(tf.Lines, line => line.Command == "plan" && line.Text.Contains("7 to add", StringComparison.Ordinal));

        // The JSON commands print values in clear text: it is parsed, never streamed to the callback.
        Assert.DoesNotContain(tf.Lines, line => line.Command is "show" or "output" && line.Source == TerraformOutputSource.Stdout);

        using var runtime = JsonDocument.Parse(outputs.ToRuntimeJson());
        Assert.Equal(
            ["default_sg_id", "has_nat", "private_subnet_ids", "public_subnet_ids", "vpc_cidr", "vpc_id"],
            runtime.RootElement.EnumerateObject().Select(property => property.Name).ToArray());
    }

    [Fact]
    public async Task Plan_after_apply_with_the_same_config_has_no_changes()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithNat);
        await tf.PlanApplyAsync(workspace);

        // Re-preparing copies the module again; it must not look like a change.
        workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithNat);
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        Assert.False(plan.Summary.HasChanges);
        Assert.Empty(plan.Summary.ResourceChanges);
        Assert.Equal(VpcConfigs.ResourceCount, plan.Summary.NoOp);
        Assert.Empty(plan.Summary.OutputChanges);
    }

    [Fact]
    public async Task Turning_a_feature_off_deletes_its_resource_and_flags_the_destroy()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithNat);
        var before = await tf.PlanApplyAsync(workspace);

        workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithoutNat);
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        Assert.Equal((0, 0, 1, 0), (plan.Summary.Create, plan.Summary.Update, plan.Summary.Delete, plan.Summary.Replace));
        Assert.True(plan.Summary.HasDestroys);
        Assert.Equal(["terraform_data.nat_gateway[0]"], plan.Summary.DestroyedAddresses);
        var hasNat = Assert.Single(plan.Summary.OutputChanges);
        Assert.Equal(("has_nat", ChangeAction.Update, "true", "false"), (hasNat.Name, hasNat.Action, hasNat.Before, hasNat.After));

        await tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken);
        var after = await tf.Runner.ReadOutputsAsync(workspace, tf.Record, TestContext.Current.CancellationToken);
        Assert.Equal("false", after.ValuesJson["has_nat"]);
        Assert.Equal(before.ValuesJson["vpc_id"], after.ValuesJson["vpc_id"]);
    }

    [Fact]
    public async Task Changing_the_cidr_replaces_the_vpc_and_changes_its_id()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithNat);
        var before = await tf.PlanApplyAsync(workspace);

        workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.OtherCidr);
        var plan = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        var vpc = Assert.Single(plan.Summary.ResourceChanges, change => change.Address == "terraform_data.vpc");
        Assert.Equal(ChangeAction.Replace, vpc.Action);
        Assert.Contains("triggers_replace", vpc.ChangedAttributes);
        Assert.Equal(1, plan.Summary.Replace);
        Assert.Equal(VpcConfigs.ResourceCount - 1, plan.Summary.Update);
        Assert.Equal(["terraform_data.vpc"], plan.Summary.DestroyedAddresses);

        await tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken);
        var after = await tf.Runner.ReadOutputsAsync(workspace, tf.Record, TestContext.Current.CancellationToken);
        Assert.Equal("\"10.20.0.0/16\"", after.ValuesJson["vpc_cidr"]);
        Assert.NotEqual(before.ValuesJson["vpc_id"], after.ValuesJson["vpc_id"]);
    }

    [Fact]
    public async Task Destroy_plan_deletes_every_resource()
    {
        using var tf = new TerraformFixture();
        var workspace = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithNat);
        await tf.PlanApplyAsync(workspace);

        var plan = await tf.Runner.PlanAsync(workspace, new PlanRequest { Destroy = true }, tf.Record, TestContext.Current.CancellationToken);

        Assert.Equal(VpcConfigs.ResourceCount, plan.Summary.Delete);
        Assert.Equal(VpcConfigs.ResourceCount, plan.Summary.DestroyedAddresses.Count);
        await tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken);
        var outputs = await tf.Runner.ReadOutputsAsync(workspace, tf.Record, TestContext.Current.CancellationToken);
        Assert.Empty(outputs.ValuesJson);
    }
}
