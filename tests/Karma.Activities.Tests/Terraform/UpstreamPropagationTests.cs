using System.Text.Json;
using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>A dependent reads its provider's runtime through <c>upstream</c> and sees it change.</summary>
public sealed class UpstreamPropagationTests
{
    private const string ClusterConfig = """{"cluster_name":"apps","vpc_nickname":"main-vpc"}""";

    [Fact]
    public async Task A_dependent_plans_an_update_when_the_upstream_output_it_reads_changes()
    {
        using var tf = new TerraformFixture();
        var vpc = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.WithNat);
        var vpcRuntime = (await tf.PlanApplyAsync(vpc)).ToRuntimeJson();

        var cluster = await tf.PrepareAndInitAsync("ecs-cluster/apps", ClusterConfig, Upstream(vpcRuntime));
        var clusterOutputs = await tf.PlanApplyAsync(cluster);
        Assert.Equal(VpcId(vpcRuntime), clusterOutputs.ValuesJson["vpc_id"]);

        vpc = await tf.PrepareAndInitAsync("vpc/main-vpc", VpcConfigs.OtherCidr);
        var newVpcRuntime = (await tf.PlanApplyAsync(vpc)).ToRuntimeJson();
        Assert.NotEqual(VpcId(vpcRuntime), VpcId(newVpcRuntime));

        cluster = await tf.PrepareAndInitAsync("ecs-cluster/apps", ClusterConfig, Upstream(newVpcRuntime));
        var plan = await tf.Runner.PlanAsync(cluster, null, tf.Record, TestContext.Current.CancellationToken);

        var change = Assert.Single(plan.Summary.ResourceChanges);
        Assert.Equal(("terraform_data.cluster", ChangeAction.Update), (change.Address, change.Action));
        Assert.Contains("input", change.ChangedAttributes);
        await tf.Runner.ApplyAsync(cluster, plan.Plan, tf.Record, TestContext.Current.CancellationToken);
        var outputs = await tf.Runner.ReadOutputsAsync(cluster, tf.Record, TestContext.Current.CancellationToken);
        Assert.Equal(VpcId(newVpcRuntime), outputs.ValuesJson["vpc_id"]);
    }

    [Fact]
    public async Task A_dependent_whose_upstream_is_missing_fails_to_plan_permanently_with_the_module_message()
    {
        using var tf = new TerraformFixture();
        var cluster = await tf.PrepareAndInitAsync("ecs-cluster/apps", ClusterConfig);

        var error = await Assert.ThrowsAsync<TerraformPlanException>(
            () => tf.Runner.PlanAsync(cluster, null, tf.Record, TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("needs the runtime outputs of vpc/main-vpc", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Upstream(string vpcRuntimeJson) => new() { ["vpc/main-vpc"] = vpcRuntimeJson };

    private static string VpcId(string runtimeJson)
    {
        using var runtime = JsonDocument.Parse(runtimeJson);
        return runtime.RootElement.GetProperty("vpc_id").GetRawText();
    }
}
