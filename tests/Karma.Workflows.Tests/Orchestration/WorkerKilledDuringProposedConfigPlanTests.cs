using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.TemporalDev.Hosting;
using Karma.Testing;
using Karma.Workflows.Tests.Infrastructure;
using Temporalio.Client;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// A Parameter Store–contract module is dry-run with a proposed config: the worker OS process writes it to the config
/// parameter and is SIGKILLed while terraform plans, before it can put the applied config back. The proposed config must
/// not stay published: the retry on a new worker process restores the applied one (value and tier) before planning again.
/// </summary>
public sealed class WorkerKilledDuringProposedConfigPlanTests : IAsyncDisposable
{
    private const string Env = "dev";
    private const string Applied = """{"size":1}""";
    private const string Proposed = """{"size":2}""";
    private static readonly ComponentId Job = new("pause-job", "one");

    private readonly TempDirectory _dir = new("karma-kill-plan");

    private static string ConfigPath => $"/iac/{Job.Type}/{Job.Nickname}/config";

    [Fact]
    public async Task A_worker_killed_between_writing_and_restoring_the_config_leaves_the_applied_config_published()
    {
        var terraform = RequiredTool.FindOnPath("terraform");
        RequiredTool.Require("terraform", "to plan the module");
        var ct = TestContext.Current.CancellationToken;
        var markers = Directory.CreateDirectory(_dir.Combine("markers")).FullName;
        var home = Directory.CreateDirectory(_dir.Combine("home")).FullName;
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, cancellationToken: ct);
        var taskQueue = $"karma-kill-plan-{Guid.NewGuid():N}";
        // Every change is checked against its environment's folder in the config repo.
        var repo = new GitRepoBuilder(_dir.Combine("config-repo")).Component(Env, Job.Type, Job.Nickname, Applied).Repo;
        repo.Commit("the pausing job");
        using var parameters = new LocalParameterStore(Path.Combine(home, "parameters.db"));
        await parameters.PutAsync(new ParameterWrite(ConfigPath, Applied, Tier: "Advanced"), ct);
        var settings = new Dictionary<string, string>
        {
            ["KARMA_HOME"] = home,
            ["TEMPORAL_ADDRESS"] = server.Address,
            ["Karma__Temporal__TaskQueue"] = taskQueue,
            ["Karma__Environment"] = Env,
            ["Karma__Repo__Url"] = repo.Path,
            ["Karma__ParameterStore__Provider"] = "local",
            ["Karma__Terraform__ModulesRoot"] = WriteModule(_dir.Combine("modules")),
            ["Karma__Terraform__Binary"] = WritePausingTerraform(terraform!, markers),
        };
        var client = new KarmaWorkflowClient(await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address)), taskQueue);

        await using var first = WorkerProcess.Start(settings);
        await client.PlanAsync(
            new ChangeRequest("plan-1", Job, Env, Proposed, "alice", "what would size 2 do", ChangeSource.Cli),
            new ChangeOptions { TerraformHeartbeatTimeout = TimeSpan.FromSeconds(3), RetryInterval = TimeSpan.FromMilliseconds(200) });
        await WaitForFileAsync(Path.Combine(markers, "plan-started.log"), first);
        Assert.Equal(Proposed, (await parameters.GetAsync(ConfigPath, false, ct)).Value);
        await first.KillAsync();
        Assert.Equal(Proposed, (await parameters.GetAsync(ConfigPath, false, ct)).Value);
        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "go", ct);

        await using var second = WorkerProcess.Start(settings);
        var result = await client.GetResultAsync(Env, Job, "plan-1");

        Assert.True(result.Status == "planned", $"{result.Status}: {result.Reason}\n{second.Output}");
        Assert.Equal(Applied, (await parameters.GetAsync(ConfigPath, false, ct)).Value);
        Assert.Equal("Advanced", await parameters.GetTierAsync(ConfigPath, ct));
        Assert.True((await File.ReadAllLinesAsync(Path.Combine(markers, "plan-started.log"), ct)).Length >= 2, "the retry planned again");
    }

    public ValueTask DisposeAsync()
    {
        File.WriteAllText(_dir.Combine("markers", "release"), "go");
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task WaitForFileAsync(string file, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!File.Exists(file))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{file}' was not written.\n{worker.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>An Adage-style interface (no config variable, so the Parameter Store contract) on the built-in provider.</summary>
    private static string WriteModule(string root)
    {
        var module = Directory.CreateDirectory(Path.Combine(root, "components", Job.Type)).FullName;
        File.WriteAllText(Path.Combine(module, "main.tf"), """
            variable "nickname" {
              type = string
            }

            resource "terraform_data" "job" {
              input = var.nickname
            }
            """);
        return root;
    }

    /// <summary>
    /// The real terraform behind a wrapper that, on plan, records the start and holds until the test releases it (at most
    /// 60 s): the moment between Karma writing the proposed config and putting the applied one back.
    /// </summary>
    private static string WritePausingTerraform(string terraform, string markers)
    {
        var wrapper = Path.Combine(markers, "..", "terraform-pausing.sh");
        File.WriteAllText(wrapper, $$"""
            #!/bin/sh
            if [ "$1" = "plan" ]; then
              echo started >> '{{markers}}/plan-started.log'
              i=0
              while [ ! -f '{{markers}}/release' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
            fi
            exec '{{terraform}}' "$@"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return Path.GetFullPath(wrapper);
    }
}
