using Karma.TemporalDev.Hosting;
using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Karma.Testing;
using Temporalio.Client;

namespace Karma.TemporalDev.Tests;

/// <summary>Restarts and crashes: every workflow must finish from what SQLite holds.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task Server_killed_with_sigkill_mid_workflow_resumes_from_its_database_under_a_running_worker()
    {
        using var dir = new TempDirectory("temporal-dev-crash");
        var db = dir.Combine("crash.db");
        var port = ServerProcess.FreePort();
        var ct = TestContext.Current.CancellationToken;
        var server = await ServerProcess.StartAsync(port, db, ct);
        try
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            var queue = TemporalServerFixture.NewTaskQueue("crash");
            await TemporalServerFixture.RunWorkerAsync(client, queue, async () =>
            {
                var handle = await client.StartWorkflowAsync((DurableWorkflow wf) => wf.RunAsync(1500), new(TemporalServerFixture.NewWorkflowId("crash"), queue));
                await LifecycleTests.WaitUntilAsync(async () => await handle.QueryAsync(wf => wf.Stage) == "timer");

                server.Kill();
                server.Dispose();
                server = await ServerProcess.StartAsync(port, db, ct);

                await LifecycleTests.WaitUntilAsync(async () => await handle.QueryAsync(wf => wf.Stage) == "waiting-signal", timeoutSeconds: 40);
                await handle.SignalAsync(wf => wf.ResumeAsync("after-crash"));
                Assert.Equal("Hello, before! | attempt 2 | after-crash", await handle.GetResultAsync());
                await Replay.AssertReplaysAsync(handle);
            });
        }
        finally
        {
            server.Dispose();
        }
    }

    [Fact]
    public async Task Restart_on_the_same_database_rearms_timers_and_redispatches_tasks_to_a_new_worker()
    {
        using var dir = new TempDirectory("temporal-dev-restart");
        var options = new TemporalDevServerOptions { Port = ServerProcess.FreePort(), DbPath = dir.Combine("restart.db") };
        var queue = TemporalServerFixture.NewTaskQueue("restart");
        var id = TemporalServerFixture.NewWorkflowId("restart");

        await using (var first = await TemporalDevServer.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken))
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(first.Address));
            await TemporalServerFixture.RunWorkerAsync(client, queue, async () =>
            {
                var handle = await client.StartWorkflowAsync((DurableWorkflow wf) => wf.RunAsync(800), new(id, queue));
                await LifecycleTests.WaitUntilAsync(async () => await handle.QueryAsync(wf => wf.Stage) == "timer");
            });
        }

        await using var second = await TemporalDevServer.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, second.RecoveredRuns);
        var client2 = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(second.Address));
        await TemporalServerFixture.RunWorkerAsync(client2, queue, async () =>
        {
            var handle = client2.GetWorkflowHandle<DurableWorkflow>(id);
            await LifecycleTests.WaitUntilAsync(async () => await handle.QueryAsync(wf => wf.Stage) == "waiting-signal", timeoutSeconds: 40);
            await handle.SignalAsync(wf => wf.ResumeAsync("after-restart"));
            Assert.Equal("Hello, before! | attempt 2 | after-restart", await handle.GetResultAsync<string>());
            await Replay.AssertReplaysAsync(handle);
        });
    }

    [Fact]
    public async Task Worker_disposed_mid_activity_is_replaced_and_the_workflow_completes()
    {
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, cancellationToken: TestContext.Current.CancellationToken);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var queue = TemporalServerFixture.NewTaskQueue("worker-swap");
        var id = TemporalServerFixture.NewWorkflowId("worker-swap");
        WorkflowHandle<DurableWorkflow, string>? handle = null;
        await TemporalServerFixture.RunWorkerAsync(client, queue, async () =>
        {
            handle = await client.StartWorkflowAsync((DurableWorkflow wf) => wf.RunAsync(10), new(id, queue));

            // The second activity's first attempt blocks for 10 s: the worker goes away while it runs.
            await LifecycleTests.WaitUntilAsync(async () => (await LifecycleTests.DescribeRawAsync(handle)).PendingActivities.Any(a => a.State == Temporalio.Api.Enums.V1.PendingActivityState.Started));
        });

        await TemporalServerFixture.RunWorkerAsync(client, queue, async () =>
        {
            await LifecycleTests.WaitUntilAsync(async () => await handle!.QueryAsync(wf => wf.Stage) == "waiting-signal", timeoutSeconds: 40);
            await handle!.SignalAsync(wf => wf.ResumeAsync("new-worker"));
            Assert.Equal("Hello, before! | attempt 2 | new-worker", await handle.GetResultAsync());
            await Replay.AssertReplaysAsync(handle);
        });
    }
}
