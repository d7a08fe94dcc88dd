using System.Text.Json;

namespace Karma.Activities.Tests.Terraform;

/// <summary>Each offline example module applies and publishes the runtime shape Karma documents for its type.</summary>
public sealed class ExampleModuleOutputsTests
{
    [Fact]
    public async Task Every_example_module_applies_with_upstreams_and_emits_its_runtime_shape()
    {
        using var tf = new TerraformFixture();
        var runtimes = new Dictionary<string, string>();

        async Task<JsonElement> ApplyAsync(string id, string config, params string[] upstreamIds)
        {
            var upstream = upstreamIds.ToDictionary(upstreamId => upstreamId, upstreamId => runtimes[upstreamId]);
            var workspace = await tf.PrepareAndInitAsync(id, config, upstream);
            runtimes[id] = (await tf.PlanApplyAsync(workspace)).ToRuntimeJson();
            return JsonDocument.Parse(runtimes[id]).RootElement;
        }

        var vpc = await ApplyAsync("vpc/main-vpc", VpcConfigs.WithNat);
        var zone = await ApplyAsync("route53-zone/usekarma", """{"zone_name":"usekarma.dev."}""");
        var bucket = await ApplyAsync("s3-bucket/site-content", """{"bucket_name":"karma-dev-prod-site","versioning":true}""");
        var cluster = await ApplyAsync("ecs-cluster/apps", """{"vpc_nickname":"main-vpc"}""", "vpc/main-vpc");
        var service = await ApplyAsync(
            "ecs-service/api",
            """{"cluster_nickname":"apps","vpc_nickname":"main-vpc","desired_count":2,"image":"nginx"}""",
            "ecs-cluster/apps",
            "vpc/main-vpc");
        var site = await ApplyAsync(
            "serverless-site/karma-dev",
            """{"content_bucket_prefix":"karma-dev-prod-site","enable_custom_domain":true,"domain_aliases":["usekarma.dev","www.usekarma.dev"],"route53_zone_nickname":"usekarma","s3_bucket_nickname":"site-content"}""",
            "route53-zone/usekarma",
            "s3-bucket/site-content");
        var lambda = await ApplyAsync(
            "lambda/graph",
            """{"functions":{"karma-graph-query":{"runtime":"python3.10","handler":"main.handler","vpc_nickname":"main-vpc"}}}""",
            "vpc/main-vpc");

        Assert.Equal(["default_sg_id", "has_nat", "private_subnet_ids", "public_subnet_ids", "vpc_cidr", "vpc_id"], Names(vpc));
        Assert.Equal(["name_servers", "zone_arn", "zone_id"], Names(zone));
        Assert.Equal(4, zone.GetProperty("name_servers").GetArrayLength());
        Assert.Equal("karma-dev-prod-site", bucket.GetProperty("bucket_name").GetString());
        Assert.Superset(new HashSet<string> { "capacity_providers", "cluster_arn", "cluster_name" }, Names(cluster).ToHashSet());
        Assert.Equal(vpc.GetProperty("vpc_id").GetString(), cluster.GetProperty("vpc_id").GetString());
        Assert.Equal(cluster.GetProperty("cluster_arn").GetString(), service.GetProperty("cluster_arn").GetString());
        Assert.Equal(vpc.GetProperty("private_subnet_ids").GetRawText(), service.GetProperty("subnet_ids").GetRawText());
        Assert.Equal(
            ["cloudfront_distribution_domain", "cloudfront_distribution_id", "content_bucket_prefix", "custom_domain"],
            Names(site));
        Assert.Equal("usekarma.dev", site.GetProperty("custom_domain").GetString());
        Assert.Equal(
            vpc.GetProperty("private_subnet_ids").GetRawText(),
            lambda.GetProperty("function_subnet_ids").GetProperty("karma-graph-query").GetRawText());
    }

    private static string[] Names(JsonElement runtime) =>
        runtime.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal).ToArray();
}
