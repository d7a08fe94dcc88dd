using Karma.Core.Model;
using Karma.Slack.Messages;
using Karma.Worker.Slack;

namespace Karma.Api.Tests.Slack;

/// <summary>The button value addresses one change workflow, and the config diff keeps sensitive values out.</summary>
public sealed class SlackChangeReferenceTests
{
    [Fact]
    public void The_button_value_is_the_change_workflow_id_and_parses_back()
    {
        var change = new SlackChangeReference("prod", new ComponentId("s3-bucket", "assets"), "c-42");

        Assert.Equal("karma/prod/s3-bucket/assets/c-42", change.Value);
        Assert.Equal(change, SlackChangeReference.TryParse(change.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("c-42")]
    [InlineData("karma/prod/rollout/s3-bucket/assets/c-42")]
    [InlineData("other/prod/s3-bucket/assets/c-42")]
    [InlineData("karma/prod/s3 bucket/assets/c-42")]
    [InlineData("karma/prod/s3-bucket/assets/")]
    public void Values_that_do_not_address_a_change_are_refused(string? value) =>
        Assert.Null(SlackChangeReference.TryParse(value));

    [Fact]
    public void The_config_diff_walks_objects_and_marks_secret_keys_sensitive()
    {
        var diff = ConfigDiff.Between(
            """{"bucket_name":"a","db":{"password":"old-pass","size":1},"tags":["x"]}""",
            """{"bucket_name":"b","db":{"password":"new-pass","size":1},"tags":["x","y"],"versioning":true}""");

        Assert.Equal(
            ["Changed bucket_name: a → b", "Changed db.password (sensitive)", "Changed tags: [\"x\"] → [\"x\",\"y\"]", "Added versioning:  → true"],
            diff.Select(l => l.ToString()));
        Assert.Equal(ConfigChangeKind.Added, ConfigDiff.Between(null, """{"a":1}""").Single().Kind);
        Assert.Equal(ConfigChangeKind.Removed, ConfigDiff.Between("""{"a":1}""", "{}").Single().Kind);
    }
}
