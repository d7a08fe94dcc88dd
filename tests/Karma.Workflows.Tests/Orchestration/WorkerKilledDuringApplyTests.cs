using System.Text.Json;
using Karma.Activities.GraphStore;
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
/// The worker OS process is SIGKILLed while terraform apply runs a slow, countable side effect. A new worker process
/// takes over: it waits for the terraform the dead worker left running, re-plans, finds the apply done and finishes
/// the change — one effective apply, consistent state, no lock left behind.
/// </summary>
public sealed class WorkerKilledDuringApplyTests : IAsyncDisposable
{
    private const string Env = "dev";
    private static readonly ComponentId Job = new("slow-job", "one");

    private readonly TempDirectory _dir = new("karma-kill");

    [Fact]
    public async Task A_worker_killed_mid_apply_is_replaced_and_the_change_is_applied_exactly_once()
    {
        RequiredTool.Require("terraform", "to apply the slow module");
        var ct = TestContext.Current.CancellationToken;
        var markers = Directory.CreateDirectory(_dir.Combine("markers")).FullName;
        var home = _dir.Combine("home");
        var modules = WriteSlowModule(_dir.Combine("modules"));
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, cancellationToken: ct);
        var taskQueue = $"karma-kill-{Guid.NewGuid():N}";
        // Every change is checked against its environment's folder in the config repo.
        var repo = new GitRepoBuilder(_dir.Combine("config-repo")).Component(Env, Job.Type, Job.Nickname, Config("v1", markers)).Repo;
        repo.Commit("the slow job");
        var lifecycle = new LifecycleOptions { KarmaHome = home };
        Directory.CreateDirectory(home);
        using var parameters = new LocalParameterStore(Path.Combine(home, "parameters.db"));
        await parameters.PutAsync(new ParameterWrite("/iac/slow-job/one/config", Config("v1", markers), Overwrite: true), ct);
        using (var graph = new SqliteGraphStore(Path.Combine(home, "graph.db")))
        {
            await new GraphRefresher(parameters, graph, lifecycle).RefreshAsync(Env, null, ct);
        }

        var settings = new Dictionary<string, string>
        {
            ["KARMA_HOME"] = home,
            ["TEMPORAL_ADDRESS"] = server.Address,
            ["Karma__Temporal__TaskQueue"] = taskQueue,
            ["Karma__Environment"] = Env,
            ["Karma__Repo__Url"] = repo.Path,
            ["Karma__ParameterStore__Provider"] = "local",
            ["Karma__Terraform__ModulesRoot"] = modules,
        };
        var client = new KarmaWorkflowClient(await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address)), taskQueue);

        await using var first = WorkerProcess.Start(settings);
        await client.ProposeAsync(
            new ChangeRequest("c1", Job, Env, Config("v2", markers), "alice", "slow change", ChangeSource.Cli),
            new ChangeOptions { TerraformHeartbeatTimeout = TimeSpan.FromSeconds(3), RetryInterval = TimeSpan.FromMilliseconds(200) });
        await WaitForAsync(client, s => s.State == ChangeState.AwaitingApproval, first);
        await client.ApproveAsync(Env, Job, new ApprovalVote("c1", "bob", ChangeSource.Cli));

        // The provisioner has started and now holds until released: terraform apply is mid-resource.
        await WaitForLinesAsync(Path.Combine(markers, "started.log"), 1, first);
        await first.KillAsync();

        await using var second = WorkerProcess.Start(settings);
        // The retry must find the orphaned terraform still running and wait for it rather than re-plan under it.
        await second.WaitForOutputAsync("that a dead worker started is still running", TimeSpan.FromSeconds(60));
        await File.WriteAllTextAsync(Path.Combine(markers, "release"), "go", ct);
        var result = await client.GetResultAsync(Env, Job, "c1");

        Assert.True(result.Status == "applied", $"{result.Status}: {result.Reason}\n{second.Output}");
        Assert.Single(await File.ReadAllLinesAsync(Path.Combine(markers, "started.log"), ct));
        Assert.Single(await File.ReadAllLinesAsync(Path.Combine(markers, "effects.log"), ct));
        var applied = Assert.Single(await new AuditLog(lifecycle.ResolveAuditLogPath()).ReadAllAsync(ct), e => e.Action == AuditActions.TerraformApplied);
        Assert.True(applied.Inputs["resumed"]!.GetValue<bool>(), "the retry re-planned and found the orphan's apply done");
        Assert.Contains("\"version\":\"v2\"", (await parameters.GetAsync("/iac/slow-job/one/runtime", false, ct)).Value, StringComparison.Ordinal);

        var workspace = Path.Combine(home, "work", Env, Job.Type, Job.Nickname);
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(workspace, "terraform.tfstate"), ct));
        var instance = Assert.Single(state.RootElement.GetProperty("resources").EnumerateArray()).GetProperty("instances")[0];
        // terraform_data keeps its dynamic 'output' as {"value": …, "type": …}.
        Assert.Equal("v2", instance.GetProperty("attributes").GetProperty("output").GetProperty("value").GetString());
        Assert.False(instance.TryGetProperty("status", out _), "the resource is not tainted");
        Assert.False(File.Exists(Path.Combine(workspace, ".terraform.tfstate.lock.info")), "no state lock is left behind");
    }

    public ValueTask DisposeAsync()
    {
        // Never leave a test's provisioner waiting: it gives up on its own after 30 s as well.
        File.WriteAllText(_dir.Combine("markers", "release"), "go");
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Config(string version, string markers) =>
        JsonSerializer.Serialize(new { version, markers });

    private static async Task WaitForAsync(KarmaWorkflowClient client, Func<ChangeStatus, bool> until, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var status = await client.GetStatusAsync(Env, Job, "c1");
                if (until(status))
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"change c1 stayed {status.State}\n{worker.Output}");
                }
            }
            catch (ChangeNotFoundException) when (DateTime.UtcNow < deadline)
            {
                // The queue has not started it yet.
            }

            await Task.Delay(100);
        }
    }

    private static async Task WaitForLinesAsync(string file, int count, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(file) || (await File.ReadAllLinesAsync(file)).Length < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{file}' did not get {count} line(s).\n{worker.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// A module whose only resource runs a provisioner that records its start, holds until the test releases it
    /// (at most 30 s), then records the effect: each effective apply adds exactly one line to effects.log.
    /// </summary>
    private static string WriteSlowModule(string root)
    {
        var module = Directory.CreateDirectory(Path.Combine(root, "components", "slow-job")).FullName;
        File.WriteAllText(Path.Combine(module, "main.tf"), """
            variable "config" {
              type = object({ version = string, markers = string })
            }

            resource "terraform_data" "job" {
              input = var.config.version

              provisioner "local-exec" {
                command = <<-EOT
                  echo started >> '${var.config.markers}/started.log'
                  i=0
                  while [ ! -f '${var.config.markers}/release' ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
                  echo applied >> '${var.config.markers}/effects.log'
                EOT
              }
            }

            output "version" {
              value = terraform_data.job.output
            }
            """);
        return root;
    }
}
