using System.Text.Json.Nodes;
using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

public sealed class PlanJsonRedactorTests
{
    [Fact]
    public void Masks_redact_whole_values_nested_fields_and_list_items()
    {
        var value = JsonNode.Parse("""{"user":"admin","password":"p1","tokens":["t1","t2"],"nested":{"key":"k1","note":"ok"}}""");
        var mask = JsonNode.Parse("""{"password":true,"tokens":[false,true],"nested":{"key":true}}""");

        var redacted = PlanJsonRedactor.ApplyMask(value, mask)!.ToJsonString();

        Assert.Equal(
            """{"user":"admin","password":"(sensitive value)","tokens":["t1","(sensitive value)"],"nested":{"key":"(sensitive value)","note":"ok"}}""",
            redacted);
        Assert.Equal("\"(sensitive value)\"", PlanJsonRedactor.ApplyMask(value, JsonValue.Create(true))!.ToJsonString());
        Assert.Null(PlanJsonRedactor.ApplyMask(null, JsonValue.Create(true)));
    }

    [Fact]
    public void Only_allow_listed_parts_are_copied_and_sensitive_variables_are_masked()
    {
        var plan = (JsonObject)JsonNode.Parse("""
            {
              "format_version": "1.2",
              "variables": {"token": {"value": "tok-123456"}, "name": {"value": "n"}, "extra": {"value": "x-secret-987"}},
              "configuration": {"root_module": {"variables": {"token": {"sensitive": true}, "name": {}}}},
              "prior_state": {"values": {"outputs": {"o": {"value": "tok-123456"}}}},
              "resource_changes": [{"address": "a.b", "type": "a", "change": {"actions": ["update"],
                "before": {"v": "old"}, "after": {"v": "tok-123456"}, "before_sensitive": {}, "after_sensitive": {"v": true},
                "generated_config": "v = \"tok-123456\""}}],
              "output_changes": {"o": {"actions": ["create"], "before": null, "after": "tok-123456", "after_sensitive": true}},
              "some_future_field": "tok-123456"
            }
            """)!;

        var redacted = PlanJsonRedactor.Redact(plan, ["extra"]).ToJsonString();

        Assert.DoesNotContain("tok-123456", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("x-secret-987", redacted, StringComparison.Ordinal);
        Assert.Contains("\"name\":{\"value\":\"n\"}", redacted, StringComparison.Ordinal);
        Assert.Contains("\"before\":{\"v\":\"old\"}", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("prior_state", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["create"]""", ChangeAction.Create)]
    [InlineData("""["update"]""", ChangeAction.Update)]
    [InlineData("""["delete"]""", ChangeAction.Delete)]
    [InlineData("""["delete","create"]""", ChangeAction.Replace)]
    [InlineData("""["create","delete"]""", ChangeAction.Replace)]
    [InlineData("""["read"]""", ChangeAction.Read)]
    [InlineData("""["no-op"]""", ChangeAction.NoOp)]
    [InlineData("""["forget"]""", ChangeAction.Forget)]
    public void Terraform_action_lists_fold_into_one_action(string actions, ChangeAction expected)
    {
        Assert.Equal(expected, PlanSummaryReader.ToAction((JsonArray)JsonNode.Parse(actions)!));
    }
}
