using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.Workflows.Tests.Infrastructure;

/// <summary>Replays histories through the real workflow code: any nondeterminism fails the test.</summary>
public static class HistoryReplay
{
    public static WorkflowReplayerOptions Options() => new WorkflowReplayerOptions()
        .AddWorkflow<ChangeWorkflow>()
        .AddWorkflow<ComponentWorkflow>()
        .AddWorkflow<RolloutWorkflow>()
        .AddWorkflow<GraphBuildWorkflow>();

    /// <summary>
    /// Fetches and replays each workflow's history. With KARMA_WRITE_HISTORIES=dir, also saves them as JSON there
    /// (that is how the checked-in histories under Histories/ were made).
    /// </summary>
    public static async Task ReplayAsync(ITemporalClient client, params (string Name, string WorkflowId)[] workflows)
    {
        var replayer = new WorkflowReplayer(Options());
        var outDir = Environment.GetEnvironmentVariable("KARMA_WRITE_HISTORIES");
        foreach (var (name, id) in workflows)
        {
            var history = await client.GetWorkflowHandle(id).FetchHistoryAsync();
            var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
            Assert.True(result.ReplayFailure is null, $"{id} did not replay: {result.ReplayFailure}");
            if (!string.IsNullOrWhiteSpace(outDir))
            {
                Directory.CreateDirectory(outDir);
                await File.WriteAllTextAsync(Path.Combine(outDir, $"{name}.json"), history.ToJson());
            }
        }
    }
}
