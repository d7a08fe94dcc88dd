using Grpc.Core;
using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Matching;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>The RPCs workers call: long polls for workflow / activity tasks and the answers to them.</summary>
internal sealed class WorkerApi(EngineCore core)
{
    public void Register(HandlerMap map)
    {
        map.Add<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse>(PollWorkflowTaskAsync);
        map.Add<RespondWorkflowTaskCompletedRequest, RespondWorkflowTaskCompletedResponse>(core.Completion.Complete);
        map.Add<RespondWorkflowTaskFailedRequest, RespondWorkflowTaskFailedResponse>(r =>
        {
            core.Completion.Fail(r);
            return new RespondWorkflowTaskFailedResponse();
        });
        map.Add<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse>(PollActivityTaskAsync);
        map.Add<RespondActivityTaskCompletedRequest, RespondActivityTaskCompletedResponse>(r =>
        {
            core.Activities.Complete(r.TaskToken, r.Result, r.Identity);
            return new RespondActivityTaskCompletedResponse();
        });
        map.Add<RespondActivityTaskFailedRequest, RespondActivityTaskFailedResponse>(r =>
        {
            core.Activities.Fail(r.TaskToken, r.Failure ?? new() { Message = "activity failed" }, r.LastHeartbeatDetails, r.Identity);
            return new RespondActivityTaskFailedResponse();
        });
        map.Add<RespondActivityTaskCanceledRequest, RespondActivityTaskCanceledResponse>(r =>
        {
            core.Activities.Canceled(r.TaskToken, r.Details, r.Identity);
            return new RespondActivityTaskCanceledResponse();
        });
        map.Add<RecordActivityTaskHeartbeatRequest, RecordActivityTaskHeartbeatResponse>(r =>
            new RecordActivityTaskHeartbeatResponse { CancelRequested = core.Activities.Heartbeat(r.TaskToken, r.Details) });
        map.Add<RespondActivityTaskCompletedByIdRequest, RespondActivityTaskCompletedByIdResponse>(r =>
        {
            core.Activities.Complete(TokenById(r.Namespace, r.WorkflowId, r.RunId, r.ActivityId), r.Result, r.Identity);
            return new RespondActivityTaskCompletedByIdResponse();
        });
        map.Add<RespondActivityTaskFailedByIdRequest, RespondActivityTaskFailedByIdResponse>(r =>
        {
            core.Activities.Fail(TokenById(r.Namespace, r.WorkflowId, r.RunId, r.ActivityId), r.Failure ?? new() { Message = "activity failed" }, r.LastHeartbeatDetails, r.Identity);
            return new RespondActivityTaskFailedByIdResponse();
        });
        map.Add<RespondActivityTaskCanceledByIdRequest, RespondActivityTaskCanceledByIdResponse>(r =>
        {
            core.Activities.Canceled(TokenById(r.Namespace, r.WorkflowId, r.RunId, r.ActivityId), r.Details, r.Identity);
            return new RespondActivityTaskCanceledByIdResponse();
        });
        map.Add<RecordActivityTaskHeartbeatByIdRequest, RecordActivityTaskHeartbeatByIdResponse>(r =>
            new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = core.Activities.Heartbeat(TokenById(r.Namespace, r.WorkflowId, r.RunId, r.ActivityId), r.Details) });
        map.Add<RespondQueryTaskCompletedRequest, RespondQueryTaskCompletedResponse>(r =>
        {
            core.Queries.Find(TaskTokens.ParseQuery(r.TaskToken))?.Result.TrySetResult(r);
            return new RespondQueryTaskCompletedResponse();
        });
        map.Add<ShutdownWorkerRequest, ShutdownWorkerResponse>(r =>
        {
            if (!string.IsNullOrEmpty(r.StickyTaskQueue))
            {
                core.Queues.ShutDownSticky(r.Namespace, r.StickyTaskQueue);
            }

            return new ShutdownWorkerResponse();
        });
    }

    private Google.Protobuf.ByteString TokenById(string ns, string workflowId, string runId, string activityId)
    {
        core.Namespaces.Require(ns);
        var run = core.Runs.Find(ns, new() { WorkflowId = workflowId, RunId = runId })
            ?? throw RpcErrors.WorkflowNotFound(ns, workflowId, runId);
        return Activities.TokenFor(run, activityId);
    }

    private async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(PollWorkflowTaskQueueRequest r, ServerCallContext call)
    {
        core.Namespaces.Require(r.Namespace);
        var queueName = RequireQueue(r.TaskQueue);
        var fromSticky = r.TaskQueue.Kind == TaskQueueKind.Sticky;
        var queue = core.Queues.Workflow(r.Namespace, queueName);
        queue.RecordPoller(r.Identity, Clock.NowMs);
        var until = DateTime.UtcNow + LongPoll.Budget(call);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, core.Stopping.Token);
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return new PollWorkflowTaskQueueResponse();
            }

            var task = await queue.PollAsync(left, cancel.Token);
            if (task is null)
            {
                return new PollWorkflowTaskQueueResponse();
            }

            if (cancel.IsCancellationRequested)
            {
                // The poller went away after the task was handed to it: give it to the next one.
                queue.Offer(task);
                return new PollWorkflowTaskQueueResponse();
            }

            var run = core.Runs.FindRun(task.RunId);
            if (run is null)
            {
                continue;
            }

            var response = task.Kind == TaskKind.Query ? QueryTask(run, task) : core.WorkflowTasks.Start(run, task, r, fromSticky);
            if (response is not null)
            {
                return response;
            }
        }
    }

    private async Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(PollActivityTaskQueueRequest r, ServerCallContext call)
    {
        core.Namespaces.Require(r.Namespace);
        var queue = core.Queues.Activity(r.Namespace, RequireQueue(r.TaskQueue));
        queue.RecordPoller(r.Identity, Clock.NowMs);
        var until = DateTime.UtcNow + LongPoll.Budget(call);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, core.Stopping.Token);
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return new PollActivityTaskQueueResponse();
            }

            var task = await queue.PollAsync(left, cancel.Token);
            if (task is null)
            {
                return new PollActivityTaskQueueResponse();
            }

            if (cancel.IsCancellationRequested)
            {
                queue.Offer(task);
                return new PollActivityTaskQueueResponse();
            }

            if (core.Runs.FindRun(task.RunId) is { } run && core.Activities.Start(run, task, r) is { } response)
            {
                return response;
            }
        }
    }

    private PollWorkflowTaskQueueResponse? QueryTask(WorkflowRun run, TaskRef task)
    {
        var query = core.Queries.Find(task.QueryId!);
        if (query is null)
        {
            return null;
        }

        lock (run.Gate)
        {
            if (run.IsOpen && run.State.WorkflowTask is not null)
            {
                // A workflow task became outstanding since the query was queued (an activity result, a signal): a
                // worker must not get a query for a run whose task it may be working on (with a zero-size cache the
                // query would be lost when the run is evicted after that task). Offer it again once the run changes.
                _ = run.NextChange.ContinueWith(_ => core.Queues.Workflow(run.Namespace, task.NormalQueue).Offer(task), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return null;
            }

            // Open runs: history up to the last completed workflow task, which is what the query must observe.
            var upTo = run.IsOpen ? run.State.PreviousStartedEventId : run.History.LastEventId;
            return new PollWorkflowTaskQueueResponse
            {
                TaskToken = TaskTokens.ForQuery(query.Id),
                WorkflowExecution = run.Execution,
                WorkflowType = new() { Name = run.State.WorkflowType },
                PreviousStartedEventId = upTo,
                StartedEventId = upTo,
                Attempt = 1,
                History = new() { Events = { run.History.Events.Take((int)upTo).Select(e => e.Clone()) } },
                Query = query.Query,
                WorkflowExecutionTaskQueue = new() { Name = run.State.TaskQueue, Kind = TaskQueueKind.Normal },
                ScheduledTime = Clock.ToTimestamp(Clock.NowMs),
                StartedTime = Clock.ToTimestamp(Clock.NowMs),
            };
        }
    }

    private static string RequireQueue(Temporalio.Api.TaskQueue.V1.TaskQueue? queue) =>
        string.IsNullOrEmpty(queue?.Name) ? throw RpcErrors.InvalidArgument("Task queue is not set on the poll request.") : queue.Name;
}
