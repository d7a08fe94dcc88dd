using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>The plan as a chat thread shows it: actions, addresses, changed attribute names, outputs and totals; no values.</summary>
public sealed class PlanTextTests
{
    [Fact]
    public void Each_resource_gets_terraforms_symbol_and_the_names_of_what_changes()
    {
        var plan = new PlanSummary(true, 1, 1, 1, 1, 3,
            [
                new ResourceChangeSummary("aws_s3_bucket.new", "aws_s3_bucket", ChangeAction.Create, ["bucket"], null),
                new ResourceChangeSummary("aws_ssm_parameter.db", "aws_ssm_parameter", ChangeAction.Update, ["value", "tags"], null),
                new ResourceChangeSummary("aws_vpc.main", "aws_vpc", ChangeAction.Replace, ["cidr_block"], "replace_because_cannot_update"),
                new ResourceChangeSummary("aws_iam_role.old", "aws_iam_role", ChangeAction.Delete, [], "delete_because_no_resource_config"),
            ],
            [
                new OutputChangeSummary("vpc_id", ChangeAction.Update, false, "\"vpc-1\"", null, AfterUnknown: true),
                new OutputChangeSummary("password", ChangeAction.Update, true, null, null, false),
                new OutputChangeSummary("region", ChangeAction.Create, false, null, "\"eu-west-1\"", false),
            ],
            0);

        var lines = PlanText.Render(plan).Split('\n');

        Assert.Equal(
            [
                "Resources:",
                "  + aws_s3_bucket.new",
                "  ~ aws_ssm_parameter.db  (value, tags)",
                "-/+ aws_vpc.main  (cidr_block; replace because cannot update)",
                "  - aws_iam_role.old  (delete because no resource config)",
                "Outputs:",
                "  ~ vpc_id  (known after apply)",
                "  ~ password  (sensitive)",
                "  + region = \"eu-west-1\"",
                "Plan: 2 to add, 1 to change, 2 to destroy.",
            ],
            lines.Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void A_plan_without_changes_says_so()
    {
        Assert.Equal("No changes.", PlanText.Render(PlanSummary.NoChanges));
    }
}
