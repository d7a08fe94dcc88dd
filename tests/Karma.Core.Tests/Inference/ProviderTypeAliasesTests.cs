using Karma.Core.Inference;

namespace Karma.Core.Tests.Inference;

public class ProviderTypeAliasesTests
{
    [Theory]
    [InlineData("vpc", "vpc")]
    [InlineData("s3_bucket", "s3-bucket")]
    [InlineData("cognito_sso", "cognito-sso")]
    [InlineData("ecs_cluster", "ecs-cluster")]
    [InlineData("cluster", "ecs-cluster")]
    [InlineData("bucket", "s3-bucket")]
    [InlineData("unknown_thing", "unknown-thing")]
    public void Default_aliases_turn_underscores_into_dashes_and_cover_irregular_names(string prefix, string type) =>
        Assert.Equal(type, ProviderTypeAliases.Default.Resolve(prefix));

    [Fact]
    public void Repo_aliases_extend_and_override_the_built_in_ones()
    {
        var aliases = ProviderTypeAliases.Create(
            new Dictionary<string, string> { ["db"] = "rds-postgres", ["bucket"] = "gcs-bucket" }, out var rejected);

        Assert.Empty(rejected);
        Assert.Equal("rds-postgres", aliases.Resolve("db"));
        Assert.Equal("gcs-bucket", aliases.Resolve("bucket"));
        Assert.Equal("ecs-cluster", aliases.Resolve("cluster"));
    }

    [Fact]
    public void An_alias_may_be_keyed_by_the_dashed_form()
    {
        var aliases = ProviderTypeAliases.Create(new Dictionary<string, string> { ["main-db"] = "rds-postgres" }, out _);

        Assert.Equal("rds-postgres", aliases.Resolve("main_db"));
    }

    [Fact]
    public void Unusable_aliases_are_rejected_and_ignored()
    {
        var aliases = ProviderTypeAliases.Create(
            new Dictionary<string, string> { ["db"] = "not a type", [""] = "vpc", ["ok"] = "vpc" }, out var rejected);

        Assert.Equal(["", "db"], rejected.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal("db", aliases.Resolve("db"));
        Assert.Equal("vpc", aliases.Resolve("ok"));
    }
}
