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
/// A whole change on a real AWS module (hashicorp/aws from the machine's filesystem mirror) with moto as AWS: the
/// Parameter Store is moto through the AWS SDK (AWS_ENDPOINT_URL), and terraform creates a real (emulated) S3 bucket
/// and SSM parameter there. Propose → plan → approve → apply → runtime captured from the outputs → verify.
/// </summary>
public sealed class AwsModuleLifecycleAgainstMotoTests(MotoServer moto) : IClassFixture<MotoServer>, IDisposable
{
    private const string Env = "dev";

    private readonly TempDirectory _dir = new("karma-aws-lifecycle");

    [Fact]
    public async Task A_change_to_an_aws_module_is_planned_applied_published_and_verified_against_moto()
    {
        RequiredTool.Require("terraform", "to run the AWS module");
        moto.Require();
        var mirror = PluginMirror.Require();
        var ct = TestContext.Current.CancellationToken;
        var nickname = $"site-{Guid.NewGuid():N}"[..13];
        var component = new ComponentId("app-bucket", nickname);
        var bucket = $"karma-{nickname}";

        using var parameters = AwsParameterStore.Create(new AwsParameterStoreSettings
        {
            Credentials = new BasicAWSCredentials(MotoServer.AccessKeyId, MotoServer.SecretAccessKey),
            EnvironmentVariables = moto.EnvironmentVariables.ToDictionary(p => p.Key, p => (string?)p.Value),
        });
        using var graph = new SqliteGraphStore(_dir.Combine("graph.db"));
        var repo = new GitRepoBuilder(_dir.Combine("config-repo")).Component(Env, component.Type, component.Nickname, Config(bucket, versioning: false)).Repo;
        repo.Commit("the site bucket");
        var lifecycle = new LifecycleOptions { KarmaHome = _dir.Path, ConfigRepository = repo.Path };
        await parameters.PutAsync(new ParameterWrite($"/iac/app-bucket/{nickname}/config", Config(bucket, versioning: false), Overwrite: true), ct);
        await new GraphRefresher(parameters, graph, lifecycle).RefreshAsync(Env, null, ct);

        var workRoot = _dir.Combine("work");
        var runner = new TerraformRunner(new TerraformOptions
        {
            ModulesRoot = Path.Combine(LifecycleHarness.ModulesRoot, "aws"),
            WorkRoot = workRoot,
            CliConfigFile = mirror.WriteCliConfig(workRoot),
            EnvironmentVariables = new Dictionary<string, string>(moto.EnvironmentVariables) { ["TF_VAR_aws_endpoint_url"] = moto.Endpoint },
        });
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, cancellationToken: ct);
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var taskQueue = $"karma-aws-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(
            temporal, new TemporalWorkerOptions(taskQueue).AddKarmaLifecycle(lifecycle, parameters, graph, new RecordingNotifier(), runner));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = worker.ExecuteAsync(stop.Token);
        var client = new KarmaWorkflowClient(temporal, taskQueue);

        await client.ProposeAsync(
            new ChangeRequest("c1", component, Env, Config(bucket, versioning: true), "alice", "create the site bucket", ChangeSource.Cli),
            new ChangeOptions { RetryInterval = TimeSpan.FromMilliseconds(200) });
        var waiting = await WaitForApprovalAsync(client, component);
        await client.ApproveAsync(Env, component, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await client.GetResultAsync(Env, component, "c1");
        await stop.CancelAsync();
        await IgnoreCancellationAsync(running);

        Assert.True(result.Status == "applied", $"{result.Status}: {result.Reason}");
        Assert.Equal(3, waiting.Plan!.Add);
        using (var runtime = JsonDocument.Parse((await parameters.GetAsync($"/iac/app-bucket/{nickname}/runtime", false, ct)).Value))
        {
            Assert.Equal(bucket, runtime.RootElement.GetProperty("bucket_name").GetString());
            Assert.Equal($"arn:aws:s3:::{bucket}", runtime.RootElement.GetProperty("bucket_arn").GetString());
            Assert.Equal($"/apps/{nickname}/bucket", runtime.RootElement.GetProperty("settings_parameter").GetString());
        }

        Assert.Equal(bucket, (await parameters.GetAsync($"/apps/{nickname}/bucket", false, ct)).Value);
        using var http = new HttpClient();
        using var versioning = await http.GetAsync(new Uri($"{moto.Endpoint}/{bucket}?versioning"), ct);
        Assert.Contains("<Status>Enabled</Status>", await versioning.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var audit = await new AuditLog(lifecycle.ResolveAuditLogPath()).ReadAllAsync(ct);
        Assert.False(Assert.Single(audit, e => e.Action == AuditActions.TerraformApplied).Inputs["resumed"]!.GetValue<bool>());
    }

    public void Dispose() => _dir.Dispose();

    private static string Config(string bucket, bool versioning) =>
        JsonSerializer.Serialize(new { bucket_name = bucket, versioning, force_destroy = true });

    private static async Task<ChangeStatus> WaitForApprovalAsync(KarmaWorkflowClient client, ComponentId component)
    {
        // A plan of the AWS provider takes minutes on a loaded machine; the wait ends early when the change does.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                var status = await client.GetStatusAsync(Env, component, "c1");
                if (status.State == ChangeState.AwaitingApproval || status.State.IsTerminal() || DateTime.UtcNow > deadline)
                {
                    Assert.True(status.State == ChangeState.AwaitingApproval, $"change c1 is {status.State}: {string.Join(" / ", status.Timeline.Select(t => $"{t.State}:{t.Note}"))}");
                    return status;
                }
            }
            catch (ChangeNotFoundException) when (DateTime.UtcNow < deadline)
            {
                // The queue has not started it yet.
            }

            await Task.Delay(100);
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
