using Grpc.Core;
using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Matching;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>
/// Queries (legacy query tasks answered by a worker) and updates (admitted here, delivered as protocol messages
/// on the next workflow task, answered in its completion).
/// </summary>
internal sealed class QueryUpdateApi(EngineCore core)
{
    public void Register(HandlerMap map)
    {
        map.Add<QueryWorkflowRequest, QueryWorkflowResponse>(QueryAsync);
        map.Add<UpdateWorkflowExecutionRequest, UpdateWorkflowExecutionResponse>(UpdateAsync);
        map.Add<PollWorkflowExecutionUpdateRequest, PollWorkflowExecutionUpdateResponse>(PollUpdateAsync);
    }

    private async Task<QueryWorkflowResponse> QueryAsync(QueryWorkflowRequest r, ServerCallContext call)
    {
        core.Namespaces.Require(r.Namespace);
        WorkflowApi.RequireText(r.Query?.QueryType, "query type");
        WorkflowApi.RequireText(r.Execution?.WorkflowId, "workflow id");
        var run = core.Runs.Find(r.Namespace, r.Execution) ?? throw RpcErrors.WorkflowNotFound(r.Namespace, r.Execution!.WorkflowId, r.Execution.RunId);
        var until = DateTime.UtcNow + LongPoll.Budget(call);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, core.Stopping.Token);

        // A legacy query task is only sent while no workflow task is outstanding: the workflow must have run its
        // first task, and a worker must not get a query for a run whose workflow task it is still working on
        // (with a zero-size cache the query would be lost on eviction).
        while (true)
        {
            Task change;
            lock (run.Gate)
            {
                if (!run.IsOpen || (run.State.PreviousStartedEventId > 0 && run.State.WorkflowTask is null))
                {
                    break;
                }

                change = run.NextChange;
            }

            if (!await LongPoll.WaitAsync(change, until, cancel.Token))
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Query timed out waiting for the workflow's pending workflow task to complete (is a worker running?)."));
            }
        }

        var pending = core.Queries.Add(run.RunId, r.Query!);
        try
        {
            core.Queues.Workflow(run.Namespace, run.State.TaskQueue).Offer(new TaskRef(TaskKind.Query, run.RunId, 0, 0, run.State.TaskQueue, pending.Id));
            var left = until - DateTime.UtcNow;
            var answer = await pending.Result.Task.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancel.Token);
            if (answer.CompletedType == QueryResultType.Failed)
            {
                throw RpcErrors.QueryFailed(answer.ErrorMessage, answer.Failure);
            }

            return new QueryWorkflowResponse { QueryResult = answer.QueryResult };
        }
        catch (TimeoutException)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"Query '{r.Query!.QueryType}' timed out: no worker answered (is a worker polling task queue '{run.State.TaskQueue}'?)."));
        }
        finally
        {
            core.Queries.Remove(pending.Id);
        }
    }

    private async Task<UpdateWorkflowExecutionResponse> UpdateAsync(UpdateWorkflowExecutionRequest r, ServerCallContext call)
    {
        core.Namespaces.Require(r.Namespace);
        WorkflowApi.RequireText(r.WorkflowExecution?.WorkflowId, "workflow id");
        WorkflowApi.RequireText(r.Request?.Meta?.UpdateId, "update id");
        WorkflowApi.RequireText(r.Request?.Input?.Name, "update name");
        var run = core.Runs.Find(r.Namespace, r.WorkflowExecution)
            ?? throw RpcErrors.WorkflowNotFound(r.Namespace, r.WorkflowExecution!.WorkflowId, r.WorkflowExecution.RunId);
        var updateId = r.Request!.Meta.UpdateId;
        var execution = run.Execution;
        var (entry, completed) = core.Runs.Mutate(run, m =>
        {
            m.Skip = true;
            if (CompletedOutcome(run, updateId) is { } outcome)
            {
                return ((UpdateEntry?)null, outcome);
            }

            if (!run.IsOpen)
            {
                throw RpcErrors.WorkflowAlreadyCompleted();
            }

            if (run.Updates.Find(updateId) is { } existing)
            {
                return (existing, null);
            }

            var admitted = run.Updates.Admit(updateId, r.Request);
            m.Skip = m.State.WorkflowTask is not null;
            core.WorkflowTasks.Schedule(m);
            return (admitted, (Outcome?)null);
        });
        var stage = r.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Completed;
        var result = completed is not null
            ? new UpdateWorkflowExecutionResponse { Outcome = completed, Stage = UpdateWorkflowExecutionLifecycleStage.Completed }
            : await WaitAsync(entry!, stage, call);
        result.UpdateRef = new UpdateRef { UpdateId = updateId, WorkflowExecution = execution };
        return result;
    }

    private async Task<PollWorkflowExecutionUpdateResponse> PollUpdateAsync(PollWorkflowExecutionUpdateRequest r, ServerCallContext call)
    {
        core.Namespaces.Require(r.Namespace);
        WorkflowApi.RequireText(r.UpdateRef?.UpdateId, "update id");
        var execution = r.UpdateRef!.WorkflowExecution;
        var run = core.Runs.Find(r.Namespace, execution) ?? throw RpcErrors.WorkflowNotFound(r.Namespace, execution?.WorkflowId ?? string.Empty, execution?.RunId);
        var updateId = r.UpdateRef.UpdateId;
        UpdateEntry? entry;
        lock (run.Gate)
        {
            if (CompletedOutcome(run, updateId) is { } outcome)
            {
                return new PollWorkflowExecutionUpdateResponse { Outcome = outcome, Stage = UpdateWorkflowExecutionLifecycleStage.Completed, UpdateRef = r.UpdateRef };
            }

            entry = run.Updates.Find(updateId);
            if (entry is null && run.History.Events.LastOrDefault(e => e.WorkflowExecutionUpdateAcceptedEventAttributes?.ProtocolInstanceId == updateId) is { } accepted)
            {
                // Accepted before a restart: waiters are rebuilt from history.
                entry = run.Updates.Admit(updateId, accepted.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest);
                entry.Stage = UpdateStage.Accepted;
                entry.AcceptedEventId = accepted.EventId;
                entry.Accepted.TrySetResult(true);
            }
        }

        if (entry is null)
        {
            throw RpcErrors.NotFound($"Update '{updateId}' not found in workflow '{run.WorkflowId}'.");
        }

        var waited = await WaitAsync(entry, r.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Completed, call);
        return new PollWorkflowExecutionUpdateResponse { Outcome = waited.Outcome, Stage = waited.Stage, UpdateRef = r.UpdateRef };
    }

    private async Task<UpdateWorkflowExecutionResponse> WaitAsync(UpdateEntry entry, UpdateWorkflowExecutionLifecycleStage wanted, ServerCallContext call)
    {
        var until = DateTime.UtcNow + LongPoll.Budget(call);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, core.Stopping.Token);
        Task target = wanted == UpdateWorkflowExecutionLifecycleStage.Completed
            ? entry.Outcome.Task
            : Task.WhenAny(entry.Accepted.Task, entry.Outcome.Task);
        await LongPoll.WaitAsync(target, until, cancel.Token);
        if (entry.Outcome.Task.IsCompleted)
        {
            return new UpdateWorkflowExecutionResponse { Outcome = entry.Outcome.Task.Result, Stage = UpdateWorkflowExecutionLifecycleStage.Completed };
        }

        return new UpdateWorkflowExecutionResponse
        {
            Stage = entry.Accepted.Task.IsCompletedSuccessfully && entry.Accepted.Task.Result
                ? UpdateWorkflowExecutionLifecycleStage.Accepted
                : UpdateWorkflowExecutionLifecycleStage.Admitted,
        };
    }

    private static Outcome? CompletedOutcome(WorkflowRun run, string updateId) =>
        run.History.Events.LastOrDefault(e => e.WorkflowExecutionUpdateCompletedEventAttributes?.Meta?.UpdateId == updateId)
            ?.WorkflowExecutionUpdateCompletedEventAttributes.Outcome;
}
