using Karma.TemporalDev.Tests.Fixtures;
using Karma.TemporalDev.Tests.Workflows;
using Microsoft.Playwright;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Worker;

namespace Karma.TemporalDev.Tests.Browser;

/// <summary>
/// What an operator sees in the real Temporal Web UI served by temporal-dev, in headless chromium: runs listed with
/// their ids, the list filtered by workflow type, a run's history with its activity, a query's answer, the call
/// stack, a schedule, and a terminate done from the UI. Screenshots of each page land in TestResults/temporal-ui.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class TemporalUiBrowserTests(TemporalServerFixture fixture)
{
    private string Ui => fixture.Server.HttpAddress!;

    [Fact]
    public async Task An_operator_lists_filters_and_inspects_runs_and_terminates_one()
    {
        HeadlessChromium.RequireOrSkip(fixture.Server.UiServed, "the Temporal UI was not built (node and npm on PATH at build time)");
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var queue = TemporalServerFixture.NewTaskQueue("ui");
        var changeId = $"karma/change/{Guid.NewGuid():N}";
        var counterId = $"karma/counter/{Guid.NewGuid():N}";
        await fixture.RunWorkerAsync(queue, async () =>
        {
            var change = await fixture.Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("operator"), new(changeId, queue));
            var counter = await fixture.Client.StartWorkflowAsync((SignalCounterWorkflow wf) => wf.RunAsync(), new(counterId, queue));
            while (await change.QueryAsync(wf => wf.Status) != "waiting-signal")
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            // The list, as the UI's own filter bar puts the query in the page's address.
            await page.GotoAsync($"{Ui}/namespaces/default/workflows?query={Uri.EscapeDataString($"TaskQueue=\"{queue}\"")}");
            await Assertions.Expect(page.GetByText(changeId)).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText(counterId)).ToBeVisibleAsync();
            await HeadlessChromium.ScreenshotAsync(page, "1-workflows");

            await page.GotoAsync($"{Ui}/namespaces/default/workflows?query={Uri.EscapeDataString($"TaskQueue=\"{queue}\" AND WorkflowType=\"SignalCounterWorkflow\"")}");
            await Assertions.Expect(page.GetByText(counterId)).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText(changeId)).ToHaveCountAsync(0);
            await HeadlessChromium.ScreenshotAsync(page, "2-workflows-by-type");

            var run = $"{Ui}/namespaces/default/workflows/{Uri.EscapeDataString(changeId)}/{change.ResultRunId}";
            await page.GotoAsync($"{run}/history");
            await Assertions.Expect(page.GetByText("Activity Task Completed").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("\"Hello, operator!\"").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Timer Fired").First).ToBeVisibleAsync();
            await HeadlessChromium.ScreenshotAsync(page, "3-run-history");

            await page.GotoAsync($"{run}/query");
            await page.GetByRole(AriaRole.Button, new() { Name = "Run Query" }).ClickAsync();
            await Assertions.Expect(page.GetByText("waiting-signal").First).ToBeVisibleAsync();
            await HeadlessChromium.ScreenshotAsync(page, "4-run-query");

            await page.GotoAsync($"{run}/call-stack");
            await Assertions.Expect(page.GetByText(nameof(GreetingWorkflow)).First).ToBeVisibleAsync();
            await HeadlessChromium.ScreenshotAsync(page, "5-run-call-stack");

            // Terminate from the run page: the actions menu, the confirmation dialog with a reason.
            await page.GotoAsync($"{Ui}/namespaces/default/workflows/{Uri.EscapeDataString(counterId)}/{counter.ResultRunId}/history");
            await page.Locator("#workflow-actions-menu-button:visible").ClickAsync();
            await page.Locator("[data-testid=terminate-button]:visible").ClickAsync();
            await page.Locator("#workflow-termination-reason:visible").FillAsync("stopped from the Temporal UI");
            await HeadlessChromium.ScreenshotAsync(page, "6-terminate-dialog");
            await page.Locator("#terminate-confirmation-modal").GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Terminated").First).ToBeVisibleAsync();
            await HeadlessChromium.ScreenshotAsync(page, "7-terminated");
            var description = await counter.DescribeAsync();
            Assert.Equal(WorkflowExecutionStatus.Terminated, description.Status);
            var history = await counter.FetchHistoryAsync();
            Assert.StartsWith("stopped from the Temporal UI", history.Events.Last().WorkflowExecutionTerminatedEventAttributes.Reason, StringComparison.Ordinal);

            await change.SignalAsync(wf => wf.ProceedAsync("done"));
            await change.GetResultAsync();
        }, o => o.WorkflowStackTrace = WorkflowStackTrace.Normal);
    }

    [Fact]
    public async Task An_operator_sees_a_schedule_and_its_spec()
    {
        HeadlessChromium.RequireOrSkip(fixture.Server.UiServed, "the Temporal UI was not built (node and npm on PATH at build time)");
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var id = $"karma-graph-resync-{Guid.NewGuid():N}";
        var schedule = await fixture.Client.CreateScheduleAsync(id, new Schedule(
            ScheduleActionStartWorkflow.Create((SignalCounterWorkflow wf) => wf.RunAsync(), new(id + "-wf", TemporalServerFixture.NewTaskQueue())),
            new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(6))] }));
        try
        {
            await page.GotoAsync($"{Ui}/namespaces/default/schedules");
            await Assertions.Expect(page.GetByText(id).First).ToBeVisibleAsync();
            await HeadlessChromium.ScreenshotAsync(page, "8-schedules");
            await page.GotoAsync($"{Ui}/namespaces/default/schedules/{Uri.EscapeDataString(id)}");
            await Assertions.Expect(page.GetByText("SignalCounterWorkflow").First).ToBeVisibleAsync();
            await HeadlessChromium.ScreenshotAsync(page, "9-schedule");
        }
        finally
        {
            await schedule.DeleteAsync();
        }
    }
}
