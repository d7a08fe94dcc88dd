using Karma.TemporalDev.Hosting;
using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.TemporalDev.Tests.Fixtures;

/// <summary>
/// One in-process server + client shared by a test collection. Each test uses a fresh task queue. On dispose,
/// every closed workflow the collection produced is replayed through the SDK's WorkflowReplayer, so a server-made
/// history that the SDK finds nondeterministic fails the run even if no test looked at it.
/// </summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    private TemporalDevServer? server;
    private TemporalClient? client;

    public TemporalDevServer Server => server ?? throw new InvalidOperationException("Fixture not initialised.");

    public TemporalClient Client => client ?? throw new InvalidOperationException("Fixture not initialised.");

    public static string NewTaskQueue(string prefix = "tq") => $"{prefix}-{Guid.NewGuid():N}";

    public static string NewWorkflowId(string prefix = "wf") => $"{prefix}-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, UiPort = 0, Ephemeral = true, Namespaces = ["second"] });
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address) { Namespace = "default" });
    }

    /// <summary>A worker with every test workflow and activity on <paramref name="taskQueue"/>, running while <paramref name="body"/> runs.</summary>
    public Task RunWorkerAsync(string taskQueue, Func<Task> body, Action<TemporalWorkerOptions>? configure = null) =>
        RunWorkerAsync(Client, taskQueue, body, configure);

    public static async Task RunWorkerAsync(ITemporalClient client, string taskQueue, Func<Task> body, Action<TemporalWorkerOptions>? configure = null)
    {
        var options = TestWorkflows.Register(new TemporalWorkerOptions(taskQueue));
        configure?.Invoke(options);
        using var worker = new TemporalWorker(client, options);
        await worker.ExecuteAsync(body, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            await ReplayAllClosedAsync(client);
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public static async Task ReplayAllClosedAsync(ITemporalClient client)
    {
        var replayer = new WorkflowReplayer(TestWorkflows.Register(new WorkflowReplayerOptions()));
        var failures = new List<string>();
        await foreach (var execution in client.ListWorkflowsAsync("ExecutionStatus != 'Running'"))
        {
            var history = await client.GetWorkflowHandle(execution.Id, execution.RunId).FetchHistoryAsync();
            var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
            if (result.ReplayFailure is not null)
            {
                failures.Add($"{execution.Id}/{execution.RunId} ({execution.WorkflowType}): {result.ReplayFailure.Message}");
            }
        }

        Assert.True(failures.Count == 0, "Server-made histories failed to replay:\n" + string.Join('\n', failures));
    }
}

[CollectionDefinition(Name)]
public sealed class TemporalServerGroup : ICollectionFixture<TemporalServerFixture>
{
    public const string Name = "temporal-dev server";
}
