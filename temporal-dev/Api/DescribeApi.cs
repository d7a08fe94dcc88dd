using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>DescribeWorkflowExecution: execution info, config, pending activities / children / workflow task.</summary>
internal sealed class DescribeApi(EngineCore core)
{
    public void Register(HandlerMap map) => map.Add<DescribeWorkflowExecutionRequest, DescribeWorkflowExecutionResponse>(Describe);

    public static WorkflowExecutionInfo Info(WorkflowRun run)
    {
        var s = run.State;
        var started = run.History.Events.Count > 0 ? run.History.Get(1).WorkflowExecutionStartedEventAttributes : null;
        return new WorkflowExecutionInfo
        {
            Execution = run.Execution,
            Type = new() { Name = s.WorkflowType },
            StartTime = Clock.ToTimestamp(s.StartTimeMs),
            CloseTime = s.CloseTimeMs is { } close ? Clock.ToTimestamp(close) : null,
            Status = s.Status,
            HistoryLength = run.History.LastEventId,
            HistorySizeBytes = run.History.Events.Sum(e => (long)e.CalculateSize()),
            ExecutionTime = Clock.ToTimestamp(s.StartTimeMs),
            Memo = s.Memo is null ? new Memo() : Memo.Parser.ParseFrom(s.Memo),
            SearchAttributes = s.SearchAttributes is null ? new SearchAttributes() : SearchAttributes.Parser.ParseFrom(s.SearchAttributes),
            TaskQueue = s.TaskQueue,
            StateTransitionCount = s.StateTransitions,
            FirstRunId = s.FirstRunId,
            ParentNamespaceId = s.Parent?.Namespace ?? string.Empty,
            ParentExecution = s.Parent is { } p ? new WorkflowExecution { WorkflowId = p.WorkflowId, RunId = p.RunId } : null,
            ExecutionDuration = s.CloseTimeMs is { } end ? Clock.Seconds((end - s.StartTimeMs) / 1000.0) : null,
            RootExecution = started?.RootWorkflowExecution,
        };
    }

    private DescribeWorkflowExecutionResponse Describe(DescribeWorkflowExecutionRequest r)
    {
        core.Namespaces.Require(r.Namespace);
        WorkflowApi.RequireText(r.Execution?.WorkflowId, "workflow id");
        var run = core.Runs.Find(r.Namespace, r.Execution) ?? throw RpcErrors.WorkflowNotFound(r.Namespace, r.Execution!.WorkflowId, r.Execution.RunId);
        lock (run.Gate)
        {
            var s = run.State;
            var started = run.History.Get(1);
            var attrs = started.WorkflowExecutionStartedEventAttributes;
            var response = new DescribeWorkflowExecutionResponse
            {
                WorkflowExecutionInfo = Info(run),
                ExecutionConfig = new()
                {
                    TaskQueue = new() { Name = s.TaskQueue, Kind = TaskQueueKind.Normal },
                    WorkflowExecutionTimeout = attrs.WorkflowExecutionTimeout,
                    WorkflowRunTimeout = attrs.WorkflowRunTimeout,
                    DefaultWorkflowTaskTimeout = attrs.WorkflowTaskTimeout,
                    UserMetadata = started.UserMetadata,
                },
            };
            foreach (var a in s.Activities.Values)
            {
                var scheduled = run.History.Get(a.ScheduledEventId).ActivityTaskScheduledEventAttributes;
                response.PendingActivities.Add(new PendingActivityInfo
                {
                    ActivityId = a.ActivityId,
                    ActivityType = new() { Name = a.ActivityType },
                    State = a.CancelRequested ? PendingActivityState.CancelRequested : a.IsStarted ? PendingActivityState.Started : PendingActivityState.Scheduled,
                    HeartbeatDetails = a.HeartbeatDetails is null ? null : Payloads.Parser.ParseFrom(a.HeartbeatDetails),
                    LastHeartbeatTime = a.LastHeartbeatMs is { } hb ? Clock.ToTimestamp(hb) : null,
                    LastStartedTime = a.StartedTimeMs is { } st ? Clock.ToTimestamp(st) : null,
                    Attempt = a.Attempt,
                    MaximumAttempts = scheduled.RetryPolicy?.MaximumAttempts ?? 0,
                    ScheduledTime = Clock.ToTimestamp(a.AttemptScheduledTimeMs),
                    NextAttemptScheduleTime = a.RetryAtMs is { } retry ? Clock.ToTimestamp(retry) : null,
                    LastFailure = a.LastFailure is null ? null : Failure.Parser.ParseFrom(a.LastFailure),
                    LastWorkerIdentity = a.StartedIdentity ?? string.Empty,
                });
            }

            foreach (var c in s.Children.Values)
            {
                response.PendingChildren.Add(new PendingChildExecutionInfo
                {
                    WorkflowId = c.WorkflowId,
                    RunId = c.RunId ?? string.Empty,
                    WorkflowTypeName = c.WorkflowType,
                    InitiatedId = c.InitiatedEventId,
                    ParentClosePolicy = c.ParentClosePolicy,
                });
            }

            if (s.WorkflowTask is { } wt)
            {
                response.PendingWorkflowTask = new PendingWorkflowTaskInfo
                {
                    State = wt.IsStarted ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                    ScheduledTime = Clock.ToTimestamp(wt.ScheduledTimeMs),
                    StartedTime = wt.IsStarted ? Clock.ToTimestamp(wt.StartedTimeMs) : null,
                    Attempt = s.WorkflowTaskAttempt,
                };
            }

            return response;
        }
    }
}
