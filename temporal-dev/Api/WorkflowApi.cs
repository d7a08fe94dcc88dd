using Google.Protobuf;
using Karma.TemporalDev.Engine;
using Karma.TemporalDev.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Karma.TemporalDev.Api;

/// <summary>Client RPCs that start runs or act on one: start, signal, signal-with-start, cancel, terminate.</summary>
internal sealed class WorkflowApi(EngineCore core)
{
    public void Register(HandlerMap map)
    {
        map.Add<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse>(Start);
        map.Add<SignalWithStartWorkflowExecutionRequest, SignalWithStartWorkflowExecutionResponse>(SignalWithStart);
        map.Add<SignalWorkflowExecutionRequest, SignalWorkflowExecutionResponse>(r =>
        {
            var run = RequireRun(r.Namespace, r.WorkflowExecution);
            RequireText(r.SignalName, "signal name");
            RequestLimits.Id(r.SignalName, "signal name");
            RequestLimits.Blob(r.Input, "signal input");
            core.Lifecycle.Signal(run, r.SignalName, r.Input, r.Identity, r.Header, r.RequestId);
            return new SignalWorkflowExecutionResponse();
        });
        map.Add<RequestCancelWorkflowExecutionRequest, RequestCancelWorkflowExecutionResponse>(r =>
        {
            core.Lifecycle.RequestCancel(RequireRun(r.Namespace, r.WorkflowExecution), r.Reason, r.Identity);
            return new RequestCancelWorkflowExecutionResponse();
        });
        map.Add<TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse>(r =>
        {
            core.Lifecycle.Terminate(RequireRun(r.Namespace, r.WorkflowExecution), r.Reason, r.Details, r.Identity);
            return new TerminateWorkflowExecutionResponse();
        });
    }

    private StartWorkflowExecutionResponse Start(StartWorkflowExecutionRequest r)
    {
        core.Namespaces.Require(r.Namespace);
        RequireText(r.WorkflowId, "workflow id");
        RequireText(r.WorkflowType?.Name, "workflow type");
        RequireText(r.TaskQueue?.Name, "task queue");
        CheckLimits(r.WorkflowId, r.WorkflowType!.Name, r.TaskQueue!.Name, r.Input, r.Memo);
        var (run, started) = core.Lifecycle.Start(new StartSpec(r.Namespace, r.WorkflowId, r.WorkflowType!.Name, r.TaskQueue!.Name, r.RequestId)
        {
            Input = r.Input,
            ExecutionTimeout = r.WorkflowExecutionTimeout,
            RunTimeout = r.WorkflowRunTimeout,
            TaskTimeout = r.WorkflowTaskTimeout,
            Identity = r.Identity,
            RetryPolicy = r.RetryPolicy,
            Memo = r.Memo,
            SearchAttributes = r.SearchAttributes,
            Header = r.Header,
            UserMetadata = r.UserMetadata,
            ReusePolicy = r.WorkflowIdReusePolicy,
            ConflictPolicy = r.WorkflowIdConflictPolicy,
        });
        return new StartWorkflowExecutionResponse
        {
            RunId = run.RunId,
            Started = started,
            Status = started ? WorkflowExecutionStatus.Running : run.State.Status,
        };
    }

    private SignalWithStartWorkflowExecutionResponse SignalWithStart(SignalWithStartWorkflowExecutionRequest r)
    {
        core.Namespaces.Require(r.Namespace);
        RequireText(r.WorkflowId, "workflow id");
        RequireText(r.WorkflowType?.Name, "workflow type");
        RequireText(r.TaskQueue?.Name, "task queue");
        RequireText(r.SignalName, "signal name");
        CheckLimits(r.WorkflowId, r.WorkflowType!.Name, r.TaskQueue!.Name, r.Input, r.Memo);
        RequestLimits.Id(r.SignalName, "signal name");
        RequestLimits.Blob(r.SignalInput, "signal input");
        if (core.Runs.FindCurrent(r.Namespace, r.WorkflowId) is { IsOpen: true } running)
        {
            core.Lifecycle.Signal(running, r.SignalName, r.SignalInput, r.Identity, r.Header, r.RequestId);
            return new SignalWithStartWorkflowExecutionResponse { RunId = running.RunId, Started = false };
        }

        // The signal goes in the new run's first transaction, before its first workflow task, as on the real server.
        var (run, started) = core.Lifecycle.Start(new StartSpec(r.Namespace, r.WorkflowId, r.WorkflowType!.Name, r.TaskQueue!.Name, r.RequestId)
        {
            Input = r.Input,
            ExecutionTimeout = r.WorkflowExecutionTimeout,
            RunTimeout = r.WorkflowRunTimeout,
            TaskTimeout = r.WorkflowTaskTimeout,
            Identity = r.Identity,
            RetryPolicy = r.RetryPolicy,
            Memo = r.Memo,
            SearchAttributes = r.SearchAttributes,
            Header = r.Header,
            UserMetadata = r.UserMetadata,
            ReusePolicy = r.WorkflowIdReusePolicy,
            ConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
            BeforeFirstTask = m =>
            {
                if (!string.IsNullOrEmpty(r.RequestId))
                {
                    m.State.SignalRequestIds.Add(r.RequestId);
                }

                m.Append(EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new()
                {
                    SignalName = r.SignalName,
                    Input = r.SignalInput,
                    Identity = r.Identity,
                    Header = r.Header,
                });
            },
        });
        if (!started)
        {
            // Lost a race with another start: the run now exists, so signal it.
            core.Lifecycle.Signal(run, r.SignalName, r.SignalInput, r.Identity, r.Header, r.RequestId);
        }

        return new SignalWithStartWorkflowExecutionResponse { RunId = run.RunId, Started = started };
    }

    private static void CheckLimits(string workflowId, string workflowType, string taskQueue, IMessage? input, IMessage? memo)
    {
        RequestLimits.Id(workflowId, "workflow id");
        RequestLimits.Id(workflowType, "workflow type");
        RequestLimits.Id(taskQueue, "task queue");
        RequestLimits.Blob(input, "workflow input");
        RequestLimits.Blob(memo, "memo");
    }

    private WorkflowRun RequireRun(string ns, Temporalio.Api.Common.V1.WorkflowExecution? execution)
    {
        core.Namespaces.Require(ns);
        RequireText(execution?.WorkflowId, "workflow id");
        return core.Runs.Find(ns, execution) ?? throw RpcErrors.WorkflowNotFound(ns, execution!.WorkflowId, execution.RunId);
    }

    internal static void RequireText(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw RpcErrors.InvalidArgument($"The {what} is not set on the request.");
        }
    }
}
