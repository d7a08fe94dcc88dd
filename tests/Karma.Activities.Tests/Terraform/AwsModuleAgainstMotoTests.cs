using System.Text.Json;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Karma.Activities.Terraform;
using Karma.Testing;

namespace Karma.Activities.Tests.Terraform;

/// <summary>
/// The Adage-style AWS module (hashicorp/aws from the machine's filesystem mirror) against moto: it reads its
/// config from Parameter Store, creates a real (emulated) S3 bucket and writes its runtime parameter.
/// </summary>
public sealed class AwsModuleAgainstMotoTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [Fact]
    public async Task The_aws_module_reads_config_from_ssm_creates_the_bucket_and_publishes_runtime()
    {
        moto.Require();
        var mirror = PluginMirror.Require();
        var cancellationToken = TestContext.Current.CancellationToken;
        var nickname = $"assets-{Guid.NewGuid():N}"[..15];
        var bucketName = $"karma-{nickname}";
        using var ssm = new AmazonSimpleSystemsManagementClient(
            new BasicAWSCredentials(MotoServer.AccessKeyId, MotoServer.SecretAccessKey),
            new AmazonSimpleSystemsManagementConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        await ssm.PutParameterAsync(
            new PutParameterRequest
            {
                Name = $"/iac/s3-bucket/{nickname}/config",
                Type = ParameterType.String,
                Value = JsonSerializer.Serialize(new { bucket_name = bucketName, versioning = true, force_destroy = true }),
            },
            cancellationToken);

        using var tf = new TerraformFixture(
            ExampleModules.AwsRoot,
            configure: options => options with
            {
                CliConfigFile = mirror.WriteCliConfig(options.ResolveWorkRoot()),
                EnvironmentVariables = moto.EnvironmentVariables,
            });
        var prepared = tf.Runner.Prepare(TerraformFixture.Input(
            $"s3-bucket/{nickname}",
            "{}",
            extraVariables: new Dictionary<string, string> { ["aws_endpoint_url"] = JsonSerializer.Serialize(moto.Endpoint) }));
        Assert.Contains("config", prepared.IgnoredVariables);
        Assert.Contains("aws_endpoint_url", prepared.PassedVariables);

        await tf.Runner.InitAsync(prepared.Workspace, tf.Record, cancellationToken);
        var plan = await tf.Runner.PlanAsync(prepared.Workspace, null, tf.Record, cancellationToken);
        Assert.Equal((3, 0, 0), (plan.Summary.Create, plan.Summary.Update, plan.Summary.Delete));
        Assert.Contains(plan.Summary.ResourceChanges, change => change.Address == "aws_s3_bucket.this");

        await tf.Runner.ApplyAsync(prepared.Workspace, plan.Plan, tf.Record, cancellationToken);
        var outputs = await tf.Runner.ReadOutputsAsync(prepared.Workspace, tf.Record, cancellationToken);

        Assert.Equal(JsonSerializer.Serialize(bucketName), outputs.ValuesJson["bucket_name"]);
        var runtime = await ssm.GetParameterAsync(new GetParameterRequest { Name = $"/iac/s3-bucket/{nickname}/runtime" }, cancellationToken);
        using (var runtimeJson = JsonDocument.Parse(runtime.Parameter.Value))
        {
            Assert.Equal(bucketName, runtimeJson.RootElement.GetProperty("bucket_name").GetString());
        }

        using var http = new HttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri($"{moto.Endpoint}/{bucketName}"));
        using var response = await http.SendAsync(head, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"HEAD bucket returned {(int)response.StatusCode}");
    }
}
