using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
using Karma.Workflows;
using Karma.Workflows.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Benchmarks;

/// <summary>
/// <c>bench adage</c>: the Adage-shaped modules (examples/modules/adage) on moto with S3 state and DynamoDB locks. Karma:
/// deploy s3-bucket, vpc and ecs-cluster through the lifecycle, then change the vpc's cidr with the cluster rolled out
/// (approvals given at once; the clock excludes nothing else). By hand, on other instances of the same modules: for each
/// deploy and each roll-out step <c>put-parameter</c> (SDK), <c>terraform init</c>, <c>plan -out</c>, <c>apply plan</c>,
/// a verify <c>plan -detailed-exitcode</c>. Target (issue #14): Karma ≤ 1.3 × by hand. Needs python3 with moto.
/// </summary>
internal static class AdageBench
{
    private const string Environment = "bench";
    private const string StateBucket = "bench-tf-state";
    private const string LockTable = "bench-tf-locks";

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Path.Combine(Path.GetTempPath(), $"karma-bench-adage-{Guid.NewGuid():N}");
        var modules = Path.Combine(FindRepositoryRoot(), "examples", "modules", "adage");
        using var moto = await Moto.StartAsync();
        await moto.CreateStateBucketAndLockTableAsync();
        var cliConfig = Path.Combine(root, "terraform.rc");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(cliConfig, "provider_installation {\n  filesystem_mirror {\n    path = \"/opt/tf-plugins\"\n  }\n}\n");
        var terraformEnvironment = new Dictionary<string, string>(moto.Environment) { ["TF_VAR_aws_endpoint_url"] = moto.Endpoint, ["TF_CLI_CONFIG_FILE"] = cliConfig };
        var backend = new TerraformBackend
        {
            Type = "s3",
            Config = new Dictionary<string, string>
            {
                ["bucket"] = StateBucket, ["dynamodb_table"] = LockTable, ["region"] = "us-east-1", ["use_path_style"] = "true",
                ["skip_credentials_validation"] = "true", ["skip_requesting_account_id"] = "true", ["skip_region_validation"] = "true",
            },
        };
        using var parameters = AwsParameterStore.Create(new AwsParameterStoreSettings
        {
            Credentials = new BasicAWSCredentials("testing", "testing"),
            EnvironmentVariables = moto.Environment.ToDictionary(p => p.Key, p => (string?)p.Value),
        });

        var karma = await ThroughKarmaAsync(root, modules, backend, cliConfig, terraformEnvironment, parameters);
        var byHand = await ByHandAsync(root, modules, backend, terraformEnvironment, parameters);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"adage: {System.Environment.ProcessorCount} cores; 3 deploys + a vpc change rolled out to its cluster"));
        Console.WriteLine(string.Create(inv, $"  karma {karma.Total:F1}s (deploys {karma.Deploys:F1}s, change with rollout {karma.Change:F1}s)"));
        Console.WriteLine(string.Create(inv, $"  by hand {byHand.Total:F1}s (deploys {byHand.Deploys:F1}s, change with rollout {byHand.Change:F1}s)"));
        Console.WriteLine(string.Create(inv, $"  ratio karma / by hand (issue target <= 1.3): {karma.Total / byHand.Total:F2}"));
        return 0;
    }

    private sealed record Timing(double Deploys, double Change)
    {
        public double Total => Deploys + Change;
    }

    private static async Task<Timing> ThroughKarmaAsync(
        string root, string modules, TerraformBackend backend, string cliConfig, Dictionary<string, string> environment, AwsParameterStore parameters)
    {
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        // Every change is validated against the config repo: the three components are in it as a repo would hold them.
        var repo = BenchConfigRepo.Create(root, Environment, new Dictionary<string, string>
        {
            ["s3-bucket/k"] = BucketConfig("karma-bench-bucket"), ["vpc/k"] = VpcConfig("10.0.0.0/16"), ["ecs-cluster/k"] = ClusterConfig("k"),
        });
        var options = new LifecycleOptions { KarmaHome = Path.Combine(root, "karma"), ConfigRepository = repo };
        using var graph = new SqliteGraphStore(Path.Combine(root, "graph.db"));
        var runner = new TerraformRunner(new TerraformOptions
        {
            ModulesRoot = modules, WorkRoot = Path.Combine(root, "work"), CliConfigFile = cliConfig, Backend = backend, EnvironmentVariables = environment,
        });
        var queue = $"bench-{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue)
            .AddKarmaLifecycle(options, parameters, graph, new LogChangeNotifier(NullLogger<LogChangeNotifier>.Instance), runner));
        var running = worker.ExecuteAsync(stop.Token);
        var karma = new KarmaWorkflowClient(client, queue);
        await new GraphRefresher(parameters, graph, options).RefreshAsync(Environment, null, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await ChangeAsync(karma, new ComponentId("s3-bucket", "k"), BucketConfig("karma-bench-bucket"), "d1");
        await ChangeAsync(karma, new ComponentId("vpc", "k"), VpcConfig("10.0.0.0/16"), "d2");
        await ChangeAsync(karma, new ComponentId("ecs-cluster", "k"), ClusterConfig("k"), "d3");
        var deploys = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await ChangeAsync(karma, new ComponentId("vpc", "k"), VpcConfig("10.1.0.0/16"), "c1", rollout: true);
        var change = clock.Elapsed.TotalSeconds;

        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopping the worker.
        }

        return new Timing(deploys, change);
    }

    private static async Task ChangeAsync(KarmaWorkflowClient karma, ComponentId component, string config, string id, bool rollout = false)
    {
        await karma.ProposeAsync(new ChangeRequest(id, component, Environment, config, "bench", "adage bench", ChangeSource.Cli));
        ChangeStatus? status = null;
        await UntilAsync(async () => (status = await TryAsync(() => karma.GetStatusAsync(Environment, component, id))) is { } s
            && (s.State == ChangeState.AwaitingApproval || s.State.IsTerminal()));
        if (status!.State != ChangeState.AwaitingApproval)
        {
            throw new InvalidOperationException($"bench change {id} of {component} ended {status.State} before approval");
        }

        await karma.ApproveAsync(Environment, component, new ApprovalVote(id, "approver", ChangeSource.Cli));
        if (rollout)
        {
            await UntilAsync(async () => (await TryAsync(() => karma.GetRolloutStatusAsync(Environment, component, id)))?.State == "awaiting_approval");
            await karma.ApproveRolloutAsync(Environment, component, new ApprovalVote(id, "approver", ChangeSource.Cli));
        }

        var result = await karma.GetResultAsync(Environment, component, id);
        if (result.Status != "applied")
        {
            throw new InvalidOperationException($"bench change {id} of {component} ended {result.Status}: {result.Reason}");
        }
    }

    private static async Task<Timing> ByHandAsync(string root, string modules, TerraformBackend backend, Dictionary<string, string> environment, AwsParameterStore parameters)
    {
        var clock = Stopwatch.StartNew();
        await DeployByHandAsync(root, modules, backend, environment, parameters, new ComponentId("s3-bucket", "h"), BucketConfig("hand-bench-bucket"));
        await DeployByHandAsync(root, modules, backend, environment, parameters, new ComponentId("vpc", "h"), VpcConfig("10.0.0.0/16"));
        await DeployByHandAsync(root, modules, backend, environment, parameters, new ComponentId("ecs-cluster", "h"), ClusterConfig("h"));
        var deploys = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await DeployByHandAsync(root, modules, backend, environment, parameters, new ComponentId("vpc", "h"), VpcConfig("10.1.0.0/16"));
        await DeployByHandAsync(root, modules, backend, environment, parameters, new ComponentId("ecs-cluster", "h"), null);
        return new Timing(deploys, clock.Elapsed.TotalSeconds);
    }

    private static async Task DeployByHandAsync(
        string root, string modules, TerraformBackend backend, Dictionary<string, string> environment, AwsParameterStore parameters, ComponentId component, string? config)
    {
        var source = Path.Combine(root, "by-hand", component.Type, component.Nickname);
        if (!Directory.Exists(source))
        {
            Directory.CreateDirectory(source);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(modules, "components", component.Type)))
            {
                File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
            }
        }

        if (config is not null)
        {
            await parameters.PutAsync(new ParameterWrite($"/iac/{component.Type}/{component.Nickname}/config", config, Overwrite: true), CancellationToken.None);
        }

        var plan = Path.Combine(source, "hand.tfplan");
        var variable = $"-var=nickname={component.Nickname}";
        await TerraformAsync(source, environment, ["init", "-no-color", "-input=false", .. backend.InitArguments(Environment, component)]);
        await TerraformAsync(source, environment, ["plan", "-no-color", "-input=false", variable, $"-out={plan}"]);
        await TerraformAsync(source, environment, ["apply", "-no-color", "-input=false", plan]);
        await TerraformAsync(source, environment, ["plan", "-no-color", "-input=false", variable, "-detailed-exitcode"]);
    }

    private static async Task TerraformAsync(string source, Dictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("terraform") { WorkingDirectory = source, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["TF_IN_AUTOMATION"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"terraform {arguments[0]} by hand exited {process.ExitCode}: {await errors}{await output}");
        }
    }

    private static string BucketConfig(string name) => JsonSerializer.Serialize(new { bucket_name = name, force_destroy = true });

    private static string VpcConfig(string cidr) =>
        JsonSerializer.Serialize(new { cidr_block = cidr, private_subnets = new[] { new { cidr = cidr.Replace(".0.0/16", ".1.0/24", StringComparison.Ordinal), az = "us-east-1a" } } });

    private static string ClusterConfig(string vpc) => JsonSerializer.Serialize(new { vpc_nickname = vpc, cluster_name = $"bench-{vpc}" });

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        while (!await condition())
        {
            await Task.Delay(50);
        }
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is ChangeNotFoundException or Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException)
        {
            return null;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Karma.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>A moto server on a free loopback port, with the state bucket and lock table Adage's backend needs.</summary>
    private sealed class Moto : IDisposable
    {
        private readonly Process _process;

        private Moto(Process process, string endpoint)
        {
            _process = process;
            Endpoint = endpoint;
        }

        public string Endpoint { get; }

        public Dictionary<string, string> Environment => new()
        {
            ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_REGION"] = "us-east-1",
            ["AWS_DEFAULT_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL"] = Endpoint,
        };

        public static async Task<Moto> StartAsync()
        {
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
                {
                    start.ArgumentList.Add(argument);
                }

                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                var moto = new Moto(process, $"http://127.0.0.1:{port}");
                using var http = new HttpClient();
                for (var i = 0; i < 600; i++)
                {
                    try
                    {
                        using var ready = await http.GetAsync(new Uri($"{moto.Endpoint}/moto-api/"));
                        return moto;
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(100);
                    }
                }

                moto.Dispose();
                throw new InvalidOperationException("moto did not start (python3 -m moto.server)");
            }
        }

        public async Task CreateStateBucketAndLockTableAsync()
        {
            using var http = new HttpClient();
            using (var bucket = await http.PutAsync(new Uri($"{Endpoint}/{StateBucket}"), null))
            {
                bucket.EnsureSuccessStatusCode();
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint + "/"))
            {
                Content = new StringContent(
                    $$"""{"TableName":"{{LockTable}}","KeySchema":[{"AttributeName":"LockID","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"LockID","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}""",
                    Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.CreateTable");
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
            using var table = await http.SendAsync(request);
            table.EnsureSuccessStatusCode();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
