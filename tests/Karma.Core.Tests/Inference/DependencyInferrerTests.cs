using System.Text.Json;
using Karma.Core.Inference;
using Karma.Core.Model;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Inference;

public class DependencyInferrerTests
{
    private static readonly ComponentId Consumer = Id("lambda/api");

    private static ConfigReferences Infer(string json, ProviderTypeAliases? aliases = null)
    {
        using var document = JsonDocument.Parse(json);
        return DependencyInferrer.Infer(Consumer, document.RootElement, aliases ?? ProviderTypeAliases.Default);
    }

    private static (string Provider, ReferenceRule Rule, string Path)[] Refs(ConfigReferences found) =>
        found.References.Select(r => (r.Provider.ToString(), r.Rule, r.JsonPath)).ToArray();

    [Fact]
    public void Rule1_top_level_depends_on_entries_are_depends_on_references()
    {
        var found = Infer("""{"depends_on":["vpc/main-vpc","s3-bucket/logs"]}""");

        Assert.Equal(
            [("vpc/main-vpc", ReferenceRule.DependsOnList, "$.depends_on[0]"), ("s3-bucket/logs", ReferenceRule.DependsOnList, "$.depends_on[1]")],
            Refs(found));
        Assert.All(found.References, r => Assert.Equal(EdgeLabel.DependsOn, r.Label));
        Assert.Empty(found.Problems);
    }

    [Fact]
    public void Rule1_depends_on_is_only_read_at_the_top_level()
    {
        var found = Infer("""{"nested":{"depends_on":["vpc/main-vpc"]}}""");

        Assert.Empty(found.References);
        Assert.Empty(found.Problems);
    }

    [Theory]
    [InlineData("""{"depends_on":"vpc/main"}""", "$.depends_on")]
    [InlineData("""{"depends_on":["vpc"]}""", "$.depends_on[0]")]
    [InlineData("""{"depends_on":["vpc/main/extra"]}""", "$.depends_on[0]")]
    [InlineData("""{"depends_on":[42]}""", "$.depends_on[0]")]
    [InlineData("""{"depends_on":[null]}""", "$.depends_on[0]")]
    public void Rule1_bad_depends_on_entries_are_problems_not_references(string json, string path)
    {
        var found = Infer(json);

        Assert.Empty(found.References);
        Assert.Equal(path, Assert.Single(found.Problems).JsonPath);
    }

    [Fact]
    public void Rule2_typed_nickname_found_at_any_depth_with_its_path()
    {
        var found = Infer("""
            {"functions":{"karma-graph-query":{"runtime":"python3.10","vpc_nickname":"main-vpc"}},"tags":{"a":"b"}}
            """);

        var reference = Assert.Single(found.References);
        Assert.Equal(Id("vpc/main-vpc"), reference.Provider);
        Assert.Equal(ReferenceRule.TypedNickname, reference.Rule);
        Assert.Equal(EdgeLabel.ConsumesRuntimeFrom, reference.Label);
        Assert.Equal("$.functions['karma-graph-query'].vpc_nickname", reference.JsonPath);
    }

    [Theory]
    [InlineData("s3_bucket_nickname", "s3-bucket")]
    [InlineData("cognito_sso_nickname", "cognito-sso")]
    [InlineData("ecs_cluster_nickname", "ecs-cluster")]
    [InlineData("cluster_nickname", "ecs-cluster")]
    [InlineData("bucket_nickname", "s3-bucket")]
    [InlineData("mystery_nickname", "mystery")]
    public void Rule2_provider_type_comes_from_the_property_name(string property, string type)
    {
        var found = Infer($$"""{"{{property}}":"x"}""");

        Assert.Equal(new ComponentId(type, "x"), Assert.Single(found.References).Provider);
    }

    [Fact]
    public void Rule2_repo_aliases_are_applied()
    {
        var aliases = ProviderTypeAliases.Create(new Dictionary<string, string> { ["db"] = "rds-postgres" }, out _);

        var found = Infer("""{"db_nickname":"orders"}""", aliases);

        Assert.Equal(Id("rds-postgres/orders"), Assert.Single(found.References).Provider);
    }

    [Theory]
    [InlineData("""{"nickname":"main-vpc"}""")]
    [InlineData("""{"_nickname":"main-vpc"}""")]
    [InlineData("""{"vpc_nickname":null}""")]
    [InlineData("""{"vpc_nickname":""}""")]
    [InlineData("""{"vpc_nicknames":"main-vpc"}""")]
    [InlineData("""{"VPC_NICKNAME":"main-vpc"}""")]
    [InlineData("""{"note":"vpc_nickname main-vpc"}""")]
    public void Rule2_non_references_are_ignored(string json)
    {
        var found = Infer(json);

        Assert.Empty(found.References);
        Assert.Empty(found.Problems);
    }

    [Theory]
    [InlineData("""{"vpc_nickname":7}""")]
    [InlineData("""{"vpc_nickname":true}""")]
    [InlineData("""{"vpc_nickname":"main vpc"}""")]
    [InlineData("""{"vpc_nickname":"a/b"}""")]
    public void Rule2_values_that_cannot_name_a_component_are_problems(string json)
    {
        var found = Infer(json);

        Assert.Empty(found.References);
        var problem = Assert.Single(found.Problems);
        Assert.Equal("$.vpc_nickname", problem.JsonPath);
        Assert.Equal(Consumer, problem.Consumer);
    }

    [Fact]
    public void Rule2_arrays_are_walked_with_indexes()
    {
        var found = Infer("""{"services":[{"name":"a"},{"cluster_nickname":"main"},[{"vpc_nickname":"edge"}]]}""");

        Assert.Equal(
            [("ecs-cluster/main", ReferenceRule.TypedNickname, "$.services[1].cluster_nickname"), ("vpc/edge", ReferenceRule.TypedNickname, "$.services[2][0].vpc_nickname")],
            Refs(found));
    }

    [Fact]
    public void Rule2_deep_nesting_is_followed()
    {
        var json = string.Concat(Enumerable.Repeat("""{"level":""", 40)) + """{"vpc_nickname":"deep"}""" + new string('}', 40);

        var found = Infer(json);

        var reference = Assert.Single(found.References);
        Assert.Equal(Id("vpc/deep"), reference.Provider);
        Assert.Equal("$" + string.Concat(Enumerable.Repeat(".level", 40)) + ".vpc_nickname", reference.JsonPath);
    }

    [Fact]
    public void Rule3_src_type_and_src_nickname_in_one_object()
    {
        var found = Infer("""{"sources":[{"src_type":"clickhouse","src_nickname":"events"}]}""");

        Assert.Equal([("clickhouse/events", ReferenceRule.SourcePair, "$.sources[0].src_nickname")], Refs(found));
        Assert.Empty(found.Problems);
    }

    [Theory]
    [InlineData("""{"src_nickname":"events"}""", "$.src_nickname")]
    [InlineData("""{"src_type":"clickhouse"}""", "$.src_type")]
    [InlineData("""{"src_type":"clickhouse","src_nickname":3}""", "$.src_nickname")]
    [InlineData("""{"src_type":"click house","src_nickname":"events"}""", "$.src_nickname")]
    public void Rule3_half_or_bad_pairs_are_problems(string json, string path)
    {
        var found = Infer(json);

        Assert.Empty(found.References);
        Assert.Equal(path, Assert.Single(found.Problems).JsonPath);
    }

    [Fact]
    public void Rule3_src_nickname_is_never_read_as_a_typed_nickname()
    {
        var found = Infer("""{"src_type":"vpc","src_nickname":"main"}""");

        Assert.Equal([("vpc/main", ReferenceRule.SourcePair, "$.src_nickname")], Refs(found));
    }

    [Theory]
    [InlineData("/iac/vpc/main-vpc/runtime", "vpc/main-vpc")]
    [InlineData("/org/team/iac/clickhouse/events/runtime", "clickhouse/events")]
    [InlineData("/vpc/main-vpc/runtime", "vpc/main-vpc")]
    public void Rule4_runtime_paths_with_any_prefix(string path, string provider)
    {
        var found = Infer($$$"""{"network":{"vpc_runtime_path":"{{{path}}}"}}""");

        Assert.Equal([(provider, ReferenceRule.RuntimePath, "$.network.vpc_runtime_path")], Refs(found));
    }

    [Theory]
    [InlineData("/iac/vpc/main-vpc/config")]
    [InlineData("iac/vpc/main-vpc/runtime")]
    [InlineData("/iac//main-vpc/runtime")]
    [InlineData("/runtime")]
    [InlineData("/iac/vpc/main vpc/runtime")]
    public void Rule4_malformed_runtime_paths_are_problems(string path)
    {
        var found = Infer($$"""{"vpc_runtime_path":"{{path}}"}""");

        Assert.Empty(found.References);
        Assert.Equal("$.vpc_runtime_path", Assert.Single(found.Problems).JsonPath);
    }

    [Fact]
    public void All_rules_together_in_one_config()
    {
        var found = Infer("""
            {"depends_on":["route53-zone/main"],"vpc_nickname":"main-vpc",
             "feeds":[{"src_type":"kinesis","src_nickname":"clicks"}],"clickhouse_runtime_path":"/iac/clickhouse/events/runtime"}
            """);

        Assert.Equal(
            ["clickhouse/events", "kinesis/clicks", "route53-zone/main", "vpc/main-vpc"],
            found.References.Select(r => r.Provider.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_self_reference_is_reported_as_found()
    {
        var found = Infer("""{"lambda_nickname":"api"}""");

        Assert.Equal(Consumer, Assert.Single(found.References).Provider);
    }

    [Fact]
    public void Sibling_runtime_keys_name_the_keys_read_from_that_reference()
    {
        var found = Infer("""
            {"fn":{"vpc_nickname":"main-vpc","vpc_runtime_keys":["vpc_id","default_security_group_id"]},
             "src_type":"s3-bucket","src_nickname":"logs","src_runtime_keys":["bucket_name"],
             "db_runtime_path":"/iac/rds/orders/runtime","db_runtime_keys":["endpoint"]}
            """);

        Assert.Equal(
            [
                ("rds/orders", "endpoint", "$.db_runtime_keys[0]"),
                ("vpc/main-vpc", "vpc_id", "$.fn.vpc_runtime_keys[0]"),
                ("vpc/main-vpc", "default_security_group_id", "$.fn.vpc_runtime_keys[1]"),
                ("s3-bucket/logs", "bucket_name", "$.src_runtime_keys[0]"),
            ],
            found.KeyReads.Select(k => (k.Provider.ToString(), k.Key, k.JsonPath)).OrderBy(k => k.JsonPath, StringComparer.Ordinal).ToArray());
        Assert.Empty(found.Problems);
    }

    [Fact]
    public void Top_level_runtime_keys_map_names_keys_by_provider_id_without_creating_references()
    {
        var found = Infer("""{"runtime_keys":{"vpc/main-vpc":["vpc_id"]}}""");

        Assert.Empty(found.References);
        var read = Assert.Single(found.KeyReads);
        Assert.Equal((Id("vpc/main-vpc"), "vpc_id", "$.runtime_keys['vpc/main-vpc'][0]"), (read.Provider, read.Key, read.JsonPath));
    }

    [Theory]
    [InlineData("""{"vpc_runtime_keys":["vpc_id"]}""", "$.vpc_runtime_keys")]
    [InlineData("""{"vpc_nickname":"main","vpc_runtime_keys":"vpc_id"}""", "$.vpc_runtime_keys")]
    [InlineData("""{"vpc_nickname":"main","vpc_runtime_keys":[""]}""", "$.vpc_runtime_keys[0]")]
    [InlineData("""{"runtime_keys":["vpc_id"]}""", "$.runtime_keys")]
    [InlineData("""{"runtime_keys":{"vpc":["vpc_id"]}}""", "$.runtime_keys.vpc")]
    public void Bad_runtime_key_declarations_are_problems(string json, string path) =>
        Assert.Equal(path, Assert.Single(Infer(json).Problems).JsonPath);

    [Fact]
    public void Non_object_roots_have_no_depends_on_but_nested_objects_are_still_walked()
    {
        Assert.Empty(Infer("\"vpc/x\"").References);
        Assert.Equal([("vpc/x", ReferenceRule.TypedNickname, "$[0].vpc_nickname")], Refs(Infer("""[{"vpc_nickname":"x"}]""")));
    }

    [Fact]
    public void Duplicate_references_at_different_paths_are_all_reported()
    {
        var found = Infer("""{"a":{"vpc_nickname":"main"},"b":{"vpc_nickname":"main"}}""");

        Assert.Equal(["$.a.vpc_nickname", "$.b.vpc_nickname"], found.References.Select(r => r.JsonPath));
    }
}
