using Temporalio.Client;
using Temporalio.Worker;

namespace Karma.TemporalDev.Tests.Fixtures;

/// <summary>Replays one workflow's server-made history; nondeterminism fails the test.</summary>
public static class Replay
{
    public static async Task AssertReplaysAsync(WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        var replayer = new WorkflowReplayer(TestWorkflows.Register(new WorkflowReplayerOptions()));
        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
        Assert.True(result.ReplayFailure is null, $"Replay of {handle.Id} failed: {result.ReplayFailure?.Message}");
    }
}
