using System.Text.Json;
using Karma.Activities.Terraform;
using Karma.Core.Model;

namespace Karma.Activities.Tests.Terraform;

/// <summary>The runner's results travel between activities as JSON payloads; they must round-trip.</summary>
public sealed class PayloadSerializationTests
{
    [Fact]
    public void Workspace_plan_and_outputs_round_trip_through_system_text_json()
    {
        var workspace = new TerraformWorkspace("prod", new ComponentId("vpc", "main"), "/w", "/w/src", "/w/.terraform", "/w/plans", "/w/terraform.tfstate");
        var plan = new TerraformPlanResult(
            new SavedPlan("/w/plans/p.tfplan", new string('a', 64), "/w/plans/p.redacted.json"),
            new PlanSummary(
                HasChanges: true,
                Create: 1,
                Update: 0,
                Delete: 1,
                Replace: 0,
                NoOp: 2,
                [
                    new ResourceChangeSummary("terraform_data.a", "terraform_data", ChangeAction.Create, ["input"], null),
                    new ResourceChangeSummary("terraform_data.b", "terraform_data", ChangeAction.Delete, [], null),
                ],
                [new OutputChangeSummary("o", ChangeAction.Update, Sensitive: false, "\"x\"", "\"y\"", AfterUnknown: false)],
                DriftedResources: 0));
        var outputs = new TerraformOutputs(new Dictionary<string, string> { ["vpc_id"] = "\"vpc-1\"" }, ["secret"]);

        var workspaceBack = JsonSerializer.Deserialize<TerraformWorkspace>(JsonSerializer.Serialize(workspace));
        var planBack = JsonSerializer.Deserialize<TerraformPlanResult>(JsonSerializer.Serialize(plan))!;
        var outputsBack = JsonSerializer.Deserialize<TerraformOutputs>(JsonSerializer.Serialize(outputs))!;

        Assert.Equal(workspace, workspaceBack);
        Assert.Equal(plan.Plan, planBack.Plan);
        Assert.Equal(["terraform_data.b"], planBack.Summary.DestroyedAddresses);
        Assert.Equal(plan.Summary.ResourceChanges[0].ChangedAttributes, planBack.Summary.ResourceChanges[0].ChangedAttributes);
        Assert.Equal(plan.Summary.OutputChanges[0], planBack.Summary.OutputChanges[0]);
        Assert.Equal("""{"vpc_id":"vpc-1"}""", outputsBack.ToRuntimeJson());
        Assert.Equal(["secret"], outputsBack.SensitiveNames);
    }
}
