using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Activities.Terraform;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.TemporalDev.Hosting;
using Karma.Testing;
using Karma.Workflows.Hosting;
using Karma.Workflows.Tests.Infrastructure;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// Adage-shaped modules (examples/modules/adage: config read from Parameter Store, runtime written by the module, an empty
/// <c>backend "s3" {}</c>) driven unchanged through the lifecycle, with moto as AWS for SSM, EC2, ECS, S3 state and DynamoDB
/// locks. A bucket deployed earlier by hand is adopted; a vpc and a cluster reading its runtime are deployed; a rejected
/// change and a dry run leave the config parameter as it was; an approved cidr change rolls out to the cluster.
/// </summary>
public sealed class AdageModulesLifecycleAgainstMotoTests(MotoServer moto) : IClassFixture<MotoServer>, IDisposable
{
    private const string Env = "dev";
    private const string StateBucket = "acct-tf-state";
    private const string LockTable = "acct-tf-locks";

    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Cluster = new("ecs-cluster", "apps");
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");

    private readonly TempDirectory _dir = new("karma-adage");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adage_modules_are_adopted_deployed_changed_and_rolled_out_with_config_and_runtime_in_parameter_store()
    {
        RequiredTool.Require("terraform", "to run the Adage modules");
        moto.Require();
        var mirror = PluginMirror.Require();
        await moto.ResetAsync(Ct);
        await CreateStateBucketAndLockTableAsync();
        using var parameters = AwsParameterStore.Create(new AwsParameterStoreSettings
        {
            Credentials = new BasicAWSCredentials(MotoServer.AccessKeyId, MotoServer.SecretAccessKey),
            EnvironmentVariables = moto.EnvironmentVariables.ToDictionary(p => p.Key, p => (string?)p.Value),
        });
        var workRoot = _dir.Combine("work");
        var cliConfig = mirror.WriteCliConfig(workRoot);
        var backend = new TerraformBackend { Type = "s3", Config = BackendConfig() };
        var terraformEnvironment = new Dictionary<string, string>(moto.EnvironmentVariables) { ["TF_VAR_aws_endpoint_url"] = moto.Endpoint };

        // The Adage way, by hand: publish the config, then init (state in S3, locks in DynamoDB) and apply.
        var bucketConfig = JsonSerializer.Serialize(new { bucket_name = "assets-bucket", versioning = true, force_destroy = true });
        await parameters.PutAsync(new ParameterWrite(ConfigPath(Bucket), bucketConfig), Ct);
        await DeployByHandAsync(Bucket, backend, cliConfig, terraformEnvironment);

        // Every proposal is checked against iac/dev/ in the config repo and validated within the graph it holds: the
        // bucket deployed by hand, and the vpc and cluster to deploy (the cluster reads the vpc's runtime).
        var vpcV1 = VpcConfig("10.0.0.0/16", "10.0.1.0/24");
        var clusterConfig = JsonSerializer.Serialize(new { vpc_nickname = "main", cluster_name = "apps" });
        var repo = new GitRepoBuilder(_dir.Combine("config-repo"))
            .Component(Env, Bucket.Type, Bucket.Nickname, bucketConfig)
            .Component(Env, Vpc.Type, Vpc.Nickname, vpcV1)
            .Component(Env, Cluster.Type, Cluster.Nickname, clusterConfig)
            .Repo;
        repo.Commit("the assets bucket, the vpc and the cluster");
        using var graph = new SqliteGraphStore(_dir.Combine("graph.db"));
        var lifecycle = new LifecycleOptions { KarmaHome = _dir.Path, ConfigRepository = repo.Path };
        await new GraphRefresher(parameters, graph, lifecycle).RefreshAsync(Env, null, Ct);
        var runner = new TerraformRunner(new TerraformOptions
        {
            ModulesRoot = Path.Combine(LifecycleHarness.ModulesRoot, "adage"),
            WorkRoot = workRoot,
            CliConfigFile = cliConfig,
            Backend = backend,
            EnvironmentVariables = terraformEnvironment,
        });
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, cancellationToken: Ct);
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var taskQueue = $"karma-adage-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(
            temporal, new TemporalWorkerOptions(taskQueue).AddKarmaLifecycle(lifecycle, parameters, graph, new RecordingNotifier(), runner));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = worker.ExecuteAsync(stop.Token);
        var client = new KarmaWorkflowClient(temporal, taskQueue);
        var options = new ChangeOptions { RetryInterval = TimeSpan.FromMilliseconds(200) };

        // Adopted: the state Karma reads is the one the hand deploy wrote, so nothing is planned, nothing created twice.
        await client.DeployAsync(Request("d1", Bucket, bucketConfig), options);
        var adopted = await client.GetResultAsync(Env, Bucket, "d1");
        Assert.True(adopted.Status == "no_changes", $"{adopted.Status}: {adopted.Reason}");

        // A new vpc: its config is not published while the change waits for approval (it did not exist before).
        var waiting = await ProposeAndWaitAsync(client, options, "c1", Vpc, vpcV1);
        Assert.Equal(3, waiting.Plan!.Add);
        Assert.Null(await parameters.TryGetAsync(ConfigPath(Vpc), false, Ct));
        await ApproveAndFinishAsync(client, "c1", Vpc);
        Assert.Equal(vpcV1, (await parameters.GetAsync(ConfigPath(Vpc), false, Ct)).Value);
        Assert.Equal("10.0.0.0/16", RuntimeValue(await parameters.GetAsync(RuntimePath(Vpc), false, Ct), "vpc_cidr"));
        Assert.True(await StateObjectExistsAsync("vpc/main/terraform.tfstate"), "the vpc's state is in S3 under Adage's key");

        await ProposeAndWaitAsync(client, options, "c2", Cluster, clusterConfig);
        await ApproveAndFinishAsync(client, "c2", Cluster);
        Assert.Equal("10.0.0.0/16", RuntimeValue(await parameters.GetAsync(RuntimePath(Cluster), false, Ct), "vpc_cidr"));

        // A dry run and a change's plan of the same component at once: each plans its own config (they take turns on
        // the parameter), and the applied config is back afterwards, with its tier.
        var applied = await parameters.GetAsync(ConfigPath(Vpc), false, Ct);
        await client.PlanAsync(Request("plan-1", Vpc, VpcConfig("10.8.0.0/16", "10.8.1.0/24")), options);
        var rejected = await ProposeAndWaitAsync(client, options, "c3", Vpc, VpcConfig("10.9.0.0/16", "10.9.1.0/24"));
        var dryRun = await client.GetResultAsync(Env, Vpc, "plan-1");
        Assert.True(dryRun.Status == "planned", $"{dryRun.Status}: {dryRun.Reason}");
        Assert.Contains("10.8.0.0/16", PlannedJson((await client.GetStatusAsync(Env, Vpc, "plan-1")).Plan!), StringComparison.Ordinal);
        Assert.Contains("10.9.0.0/16", PlannedJson(rejected.Plan!), StringComparison.Ordinal);
        Assert.DoesNotContain("10.8.0.0/16", PlannedJson(rejected.Plan!), StringComparison.Ordinal);
        Assert.Equal(vpcV1, (await parameters.GetAsync(ConfigPath(Vpc), false, Ct)).Value);

        // Rejected: the proposed config was there only for its plan.
        await client.RejectAsync(Env, Vpc, new ApprovalVote("c3", "bob", ChangeSource.Cli, "not now"));
        Assert.Equal("rejected", (await client.GetResultAsync(Env, Vpc, "c3")).Status);
        Assert.Equal(vpcV1, (await parameters.GetAsync(ConfigPath(Vpc), false, Ct)).Value);
        Assert.Equal("Standard", await parameters.GetTierAsync(ConfigPath(Vpc), Ct));

        // The approved cidr change replaces the vpc; the module writes the new runtime; the cluster is rolled out with it.
        var vpcV2 = VpcConfig("10.1.0.0/16", "10.1.1.0/24");
        await ProposeAndWaitAsync(client, options, "c4", Vpc, vpcV2);
        await client.ApproveAsync(Env, Vpc, new ApprovalVote("c4", "bob", ChangeSource.Cli));
        await WaitForRolloutApprovalAsync(client, "c4");
        await client.ApproveRolloutAsync(Env, Vpc, new ApprovalVote("c4", "bob", ChangeSource.Cli));
        var changed = await client.GetResultAsync(Env, Vpc, "c4");
        await stop.CancelAsync();
        await IgnoreCancellationAsync(running);

        Assert.True(changed.Status == "applied", $"{changed.Status}: {changed.Reason} {string.Join(" / ", changed.Warnings)}");
        Assert.Contains(Cluster.ToString(), changed.AffectedComponents);
        Assert.Equal(vpcV2, (await parameters.GetAsync(ConfigPath(Vpc), false, Ct)).Value);
        Assert.Equal("10.1.0.0/16", RuntimeValue(await parameters.GetAsync(RuntimePath(Vpc), false, Ct), "vpc_cidr"));
        Assert.Equal("10.1.0.0/16", RuntimeValue(await parameters.GetAsync(RuntimePath(Cluster), false, Ct), "vpc_cidr"));
        Assert.True(applied.Version < (await parameters.GetAsync(ConfigPath(Vpc), false, Ct)).Version);
    }

    public void Dispose() => _dir.Dispose();

    private static string VpcConfig(string cidr, string subnet) =>
        JsonSerializer.Serialize(new { cidr_block = cidr, private_subnets = new[] { new { cidr = subnet, az = "us-east-1a" } } });

    private static ChangeRequest Request(string id, ComponentId component, string config) =>
        new(id, component, Env, config, "alice", $"{id} of {component}", ChangeSource.Cli);

    private static string ConfigPath(ComponentId c) => $"/iac/{c.Type}/{c.Nickname}/config";

    private static string RuntimePath(ComponentId c) => $"/iac/{c.Type}/{c.Nickname}/runtime";

    private static string? RuntimeValue(Parameter runtime, string key)
    {
        using var document = JsonDocument.Parse(runtime.Value);
        return document.RootElement.GetProperty(key).GetString();
    }

    private static Dictionary<string, string> BackendConfig() => new()
    {
        ["bucket"] = StateBucket,
        ["dynamodb_table"] = LockTable,
        ["region"] = MotoServer.Region,
        ["use_path_style"] = "true",
        ["skip_credentials_validation"] = "true",
        ["skip_requesting_account_id"] = "true",
        ["skip_region_validation"] = "true",
        ["skip_metadata_api_check"] = "true",
    };

    private async Task CreateStateBucketAndLockTableAsync()
    {
        using var http = new HttpClient();
        using (var bucket = await http.PutAsync(new Uri($"{moto.Endpoint}/{StateBucket}"), null, Ct))
        {
            bucket.EnsureSuccessStatusCode();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(moto.Endpoint + "/"))
        {
            Content = new StringContent(
                """{"TableName":"acct-tf-locks","KeySchema":[{"AttributeName":"LockID","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"LockID","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}""",
                Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.CreateTable");
        // Moto does not check signatures but takes the region (where terraform will look for the table) from the scope.
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={MotoServer.AccessKeyId}/20260101/{MotoServer.Region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
        using var table = await http.SendAsync(request, Ct);
        Assert.True(table.IsSuccessStatusCode, await table.Content.ReadAsStringAsync(Ct));
    }

    private async Task<bool> StateObjectExistsAsync(string key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{moto.Endpoint}/{StateBucket}?list-type=2"));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={MotoServer.AccessKeyId}/20260101/{MotoServer.Region}/s3/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, Ct);
        var listing = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, listing);
        return listing.Contains($"<Key>{key}</Key>", StringComparison.Ordinal);
    }

    // The redacted plan JSON beside the plan file: what terraform planned, sensitive values masked.
    private static string PlannedJson(PlanView plan) => File.ReadAllText(SavedPlan.RedactedJsonPathFor(plan.PlanRef));

    private async Task DeployByHandAsync(ComponentId component, TerraformBackend backend, string cliConfig, Dictionary<string, string> environment)
    {
        var module = Directory.CreateDirectory(_dir.Combine("by-hand", component.Type)).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(LifecycleHarness.ModulesRoot, "adage", "components", component.Type)))
        {
            File.Copy(file, Path.Combine(module, Path.GetFileName(file)));
        }

        await TerraformAsync(module, cliConfig, environment, ["init", "-input=false", "-no-color", .. backend.InitArguments(Env, component)]);
        await TerraformAsync(module, cliConfig, environment, ["apply", "-auto-approve", "-input=false", "-no-color", $"-var=nickname={component.Nickname}"]);
    }

    private static async Task TerraformAsync(string directory, string cliConfig, Dictionary<string, string> environment, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("terraform") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["TF_CLI_CONFIG_FILE"] = cliConfig;
        start.Environment["TF_IN_AUTOMATION"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"terraform {arguments[0]} by hand failed: {await errors}\n{await output}");
    }

    private static async Task<ChangeStatus> ProposeAndWaitAsync(KarmaWorkflowClient client, ChangeOptions options, string id, ComponentId component, string config)
    {
        await client.ProposeAsync(Request(id, component, config), options);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                var status = await client.GetStatusAsync(Env, component, id);
                if (status.State == ChangeState.AwaitingApproval || status.State.IsTerminal() || DateTime.UtcNow > deadline)
                {
                    Assert.True(status.State == ChangeState.AwaitingApproval, $"change {id} is {status.State}: {string.Join(" / ", status.Timeline.Select(t => $"{t.State}:{t.Note}"))}");
                    return status;
                }
            }
            catch (ChangeNotFoundException) when (DateTime.UtcNow < deadline)
            {
                // The queue has not started it yet.
            }

            await Task.Delay(200);
        }
    }

    private static async Task ApproveAndFinishAsync(KarmaWorkflowClient client, string id, ComponentId component)
    {
        await client.ApproveAsync(Env, component, new ApprovalVote(id, "bob", ChangeSource.Cli));
        var result = await client.GetResultAsync(Env, component, id);
        Assert.True(result.Status == "applied", $"{id}: {result.Status}: {result.Reason} {string.Join(" / ", result.Warnings)}");
    }

    private static async Task WaitForRolloutApprovalAsync(KarmaWorkflowClient client, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(8);
        while (true)
        {
            try
            {
                var status = await client.GetRolloutStatusAsync(Env, Vpc, id);
                if (status.State == "awaiting_approval")
                {
                    return;
                }

                Assert.True(DateTime.UtcNow < deadline && status.State is not ("applied" or "failed" or "rejected"), $"rollout of {id} is {status.State}");
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not Xunit.Sdk.XunitException)
            {
                // The change has not reached its rollout yet.
            }

            await Task.Delay(500);
        }
    }

    private static async Task IgnoreCancellationAsync(Task running)
    {
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // The worker stops by cancellation.
        }
    }
}
