using Karma.Workflows.Tests.Infrastructure;
using Temporalio.Common;
using Temporalio.Worker;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// Histories of released workflow code, checked in as JSON and replayed on every run: a code change that would break
/// a running change (nondeterminism) fails here before it reaches a worker.
/// </summary>
public sealed class CheckedInHistoryTests
{
    public static TheoryData<string> Histories()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Histories"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task Checked_in_history_replays(string file)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Histories", file), TestContext.Current.CancellationToken);
        var history = WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), json);

        var result = await new WorkflowReplayer(HistoryReplay.Options()).ReplayWorkflowAsync(history, throwOnReplayFailure: false, TestContext.Current.CancellationToken);

        Assert.Null(result.ReplayFailure);
    }
}
