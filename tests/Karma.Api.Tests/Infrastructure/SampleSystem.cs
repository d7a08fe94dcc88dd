using Karma.Core.Model;

namespace Karma.Api.Tests.Infrastructure;

/// <summary>vpc/main ← lambda/fn ← serverless-api/api, plus an orphan (runtime only) s3-bucket/old.</summary>
internal static class SampleSystem
{
    public static readonly ComponentId Vpc = new("vpc", "main");
    public static readonly ComponentId Fn = new("lambda", "fn");
    public static readonly ComponentId Api = new("serverless-api", "api");
    public static readonly ComponentId Orphan = new("s3-bucket", "old");

    public const string VpcConfig = """{"cidr":"10.0.0.0/16","outputs":{"vpc_id":"vpc-1","default_sg_id":"sg-1"}}""";
    public const string FnConfig = """{"vpc_nickname":"main","memory":128}""";
    public const string ApiConfig = """{"api_name":"karma-api","depends_on":["lambda/fn"]}""";

    public static async Task DeployAsync(ApiHost host)
    {
        await host.DeployedAsync(Vpc, VpcConfig, """{"vpc_id":"vpc-1","default_sg_id":"sg-1"}""");
        await host.DeployedAsync(Fn, FnConfig, "{}");
        await host.DeployedAsync(Api, ApiConfig, "{}");
        await host.Parameters.PutAsync(
            new Karma.Core.Ports.ParameterWrite("/iac/s3-bucket/old/runtime", """{"bucket_name":"old"}""", Overwrite: true), CancellationToken.None);
        await host.Refresher.RefreshAsync(host.Env, null, CancellationToken.None);
    }
}
