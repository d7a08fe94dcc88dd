using Google.Protobuf;
using Karma.TemporalDev.Hosting;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Karma.TemporalDev.Tests;

/// <summary>
/// Eager activity execution, driven with raw RPCs the way SDK core drives it: a ScheduleActivityTask command with
/// request_eager_execution is answered with the started activity task in the RespondWorkflowTaskCompleted response.
/// Its own server: the commands here are hand-made, so the histories are not replayable by a registered workflow.
/// </summary>
public sealed class EagerActivityTests
{
    [Fact]
    public async Task Activity_requested_eagerly_on_the_workflow_queue_comes_back_with_the_completion()
    {
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, cancellationToken: TestContext.Current.CancellationToken);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var service = client.WorkflowService;
        var queue = $"eager-{Guid.NewGuid():N}";
        var other = $"elsewhere-{Guid.NewGuid():N}";
        var workflowId = $"eager-wf-{Guid.NewGuid():N}";
        await service.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = workflowId,
            WorkflowType = new() { Name = "EagerProbe" },
            TaskQueue = new() { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
        });

        var task = await service.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = queue }, Identity = "raw-worker" });
        var completed = await service.RespondWorkflowTaskCompletedAsync(new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = "raw-worker",
            Commands = { ScheduleActivity("here", queue), ScheduleActivity("there", other) },
        });

        // Only the activity on the workflow's own queue runs eagerly; the other waits on its queue for a poller.
        var eager = Assert.Single(completed.ActivityTasks);
        Assert.Equal("here", eager.ActivityId);
        Assert.Equal(1, eager.Attempt);
        Assert.Equal(workflowId, eager.WorkflowExecution.WorkflowId);
        var polled = await service.PollActivityTaskQueueAsync(new PollActivityTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = other }, Identity = "other-worker" });
        Assert.Equal("there", polled.ActivityId);

        await service.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = eager.TaskToken,
            Identity = "raw-worker",
            Result = new Payloads { Payloads_ = { new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8("\"done\"") } } },
        });
        var next = await service.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = queue }, Identity = "raw-worker" });
        var events = next.History.Events;
        var scheduled = Assert.Single(events, e => e.EventType == EventType.ActivityTaskScheduled && e.ActivityTaskScheduledEventAttributes.ActivityId == "here");
        var started = Assert.Single(events, e => e.EventType == EventType.ActivityTaskStarted);
        Assert.Equal(scheduled.EventId, started.ActivityTaskStartedEventAttributes.ScheduledEventId);
        Assert.Equal("raw-worker", started.ActivityTaskStartedEventAttributes.Identity);
        Assert.Equal(scheduled.EventId, Assert.Single(events, e => e.EventType == EventType.ActivityTaskCompleted).ActivityTaskCompletedEventAttributes.ScheduledEventId);

        // Nothing was left on the workflow's activity queue for a poller: the eager task was not also dispatched.
        var leftover = await service.DescribeTaskQueueAsync(new DescribeTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new() { Name = queue },
            TaskQueueType = TaskQueueType.Activity,
            ReportStats = true,
        });
        Assert.True(leftover.Stats is null || leftover.Stats.ApproximateBacklogCount == 0);
        await client.GetWorkflowHandle(workflowId).TerminateAsync("done");
    }

    private static Command ScheduleActivity(string id, string queue) => new()
    {
        CommandType = CommandType.ScheduleActivityTask,
        ScheduleActivityTaskCommandAttributes = new ScheduleActivityTaskCommandAttributes
        {
            ActivityId = id,
            ActivityType = new() { Name = "Greet" },
            TaskQueue = new() { Name = queue },
            StartToCloseTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            RequestEagerExecution = true,
        },
    };
}
