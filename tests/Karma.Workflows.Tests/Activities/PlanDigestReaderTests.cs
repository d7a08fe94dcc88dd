using System.Text.Json.Nodes;
using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;

namespace Karma.Workflows.Tests.Activities;

public sealed class PlanDigestReaderTests
{
    private const string Plan = """
        {"resource_changes":[
          {"address":"terraform_data.a","change":{"actions":["create"],"after":{"input":"x"},"after_unknown":{"id":true}}},
          {"address":"terraform_data.b","change":{"actions":["delete","create"],"after":{"input":"y"}}},
          {"address":"terraform_data.c","change":{"actions":["no-op"],"after":{"input":"z"}}}],
         "output_changes":{"name":{"actions":["update"],"after":"n2"},"same":{"actions":["no-op"],"after":"s"}},
         "planned_values":{"outputs":{"name":{"value":"n2"},"same":{"value":"s"}}}}
        """;

    [Fact]
    public void Counts_changes_calls_out_destroys_and_lists_planned_outputs()
    {
        var digest = PlanDigestReader.Read("/plans/p.tfplan", "abc", JsonNode.Parse(Plan)!.AsObject());

        Assert.Equal((2, 0, 1), (digest.Add, digest.Change, digest.Destroy));
        Assert.Equal(["terraform_data.b"], digest.DestroyedAddresses);
        Assert.Equal(2, digest.ResourceChanges.Count);
        Assert.Single(digest.OutputChanges);
        Assert.Equal(["name", "same"], digest.PlannedOutputNames);
        Assert.Equal("2 to add, 0 to change, 1 to destroy (destroys terraform_data.b)", digest.Summary);
    }

    [Fact]
    public void A_different_value_changes_the_fingerprint_but_no_value_is_carried()
    {
        var a = PlanDigestReader.Read("p1", "s1", JsonNode.Parse(Plan)!.AsObject());
        var b = PlanDigestReader.Read("p2", "s2", JsonNode.Parse(Plan.Replace("\"input\":\"x\"", "\"input\":\"CHANGED\"", StringComparison.Ordinal))!.AsObject());

        Assert.Equal(a.Fingerprint, PlanDigestReader.Read("p3", "s3", JsonNode.Parse(Plan)!.AsObject()).Fingerprint);
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.Equal(PlanFreshness.Stale, PlanComparison.Compare(a, b));
        Assert.DoesNotContain(a.ResourceChanges, r => r.Contains("\"x\"", StringComparison.Ordinal) || r.Contains("input", StringComparison.Ordinal));
    }
}
