using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Karma.Workflows;

/// <summary>
/// The one way the CLI and the HTTP API talk to the lifecycle workflows: propose, status, approve, reject, cancel,
/// list, graph build and the graph resync schedule. Workflow ids and update names stay behind this facade.
/// </summary>
public sealed class KarmaWorkflowClient(ITemporalClient client, string taskQueue = TaskQueues.Lifecycle)
{
    public ITemporalClient Temporal => client;

    /// <summary>
    /// Queues a change on its component (starting the component's queue workflow if needed, via signal-with-start) and
    /// returns its queue position. Idempotent per change id: the same proposal again describes the existing change (position
    /// 0 while it runs, -1 once it ended); another proposal under a used id is a <see cref="ChangeIdConflictException"/>.
    /// </summary>
    public async Task<EnqueuedChange> ProposeAsync(ChangeRequest request, ChangeOptions? options = null, ComponentWorkflowInput? queue = null)
    {
        request.Validate();

        // A change that already has a workflow may be long gone from its queue's memory (the queue continues as new and
        // ends when idle): its own start input says what was proposed under this id.
        var changeWorkflowId = ChangeIds.ChangeWorkflowId(request.Environment, request.Component, request.ChangeId);
        if (await StartedRequestAsync(changeWorkflowId) is { } started)
        {
            return started.Request.DifferenceFrom(request) is { } difference
                ? throw ChangeIdConflictException.For(request.ChangeId, difference)
                : new EnqueuedChange(request.ChangeId, changeWorkflowId, started.Running ? 0 : -1);
        }

        var proposal = new ProposeChange(request, options ?? new ChangeOptions());
        var workflowOptions = new WorkflowOptions(ChangeIds.ComponentWorkflowId(request.Environment, request.Component), taskQueue)
        {
            StaticSummary = $"change queue of {request.Component} in {request.Environment}",
        };
        workflowOptions.SignalWithStart((ComponentWorkflow wf) => wf.ProposeAsync(proposal));
        var handle = await client.StartWorkflowAsync(
            (ComponentWorkflow wf) => wf.RunAsync(queue ?? new ComponentWorkflowInput(request.Environment, request.Component)),
            workflowOptions);
        try
        {
            return await handle.ExecuteUpdateAsync(wf => wf.EnqueueAsync(proposal));
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException { ErrorType: ChangeIdConflictException.FailureType } conflict)
        {
            throw new ChangeIdConflictException(conflict.Message, e);
        }
    }

    /// <summary>
    /// Starts a dry run (<see cref="ChangeKind.Plan"/>) as its own <see cref="ChangeWorkflow"/>, outside the component's
    /// queue: a plan must not wait days behind a change awaiting approval, and it changes nothing a queued change relies
    /// on (it plans in its own terraform workspace). Its id starts with <c>plan-</c>, so its workflow id is
    /// <c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/plan-…</c> and <see cref="GetStatusAsync"/> and
    /// <see cref="GetResultAsync"/> follow it. Idempotent per plan id: a retried request finds the same run.
    /// </summary>
    public async Task<EnqueuedChange> PlanAsync(ChangeRequest request, ChangeOptions? options = null)
    {
        var plan = request with { Kind = ChangeKind.Plan };
        plan.Validate();
        options ??= new ChangeOptions();
        var workflowId = ChangeIds.ChangeWorkflowId(plan.Environment, plan.Component, plan.ChangeId);
        var workflowOptions = new WorkflowOptions(workflowId, taskQueue)
        {
            StaticSummary = $"{plan.Component} in {plan.Environment}: dry run {plan.ChangeId} by {plan.RequestedBy}",
            IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
            IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
        };
        if (options.UseSearchAttributes)
        {
            workflowOptions.TypedSearchAttributes = new Temporalio.Common.SearchAttributeCollection.Builder()
                .Set(KarmaSearchAttributes.Component, plan.Component.ToString())
                .Set(KarmaSearchAttributes.Environment, plan.Environment)
                .Set(KarmaSearchAttributes.RequestedBy, plan.RequestedBy)
                .Set(KarmaSearchAttributes.State, ChangeState.Queued.ToWire())
                .ToSearchAttributeCollection();
        }

        try
        {
            await client.StartWorkflowAsync((ChangeWorkflow wf) => wf.RunAsync(new ChangeWorkflowInput(plan, options)), workflowOptions);
        }
        catch (WorkflowAlreadyStartedException)
        {
            // This plan id already ran to its end: a retried request gets that plan, not a second one.
        }

        return new EnqueuedChange(plan.ChangeId, workflowId, 0);
    }

    /// <summary>
    /// Queues a deploy (<see cref="ChangeKind.Deploy"/>) of <paramref name="request"/>'s config (the config in Git) through
    /// the component's queue and the full lifecycle, approval included. Unlike a change it is planned even when the config
    /// equals the published one, and ends with no_changes only when the plan is empty.
    /// </summary>
    public Task<EnqueuedChange> DeployAsync(ChangeRequest request, ChangeOptions? options = null) =>
        ProposeAsync(request with { Kind = ChangeKind.Deploy }, options);

    /// <summary>The change's status; a change still waiting in its queue reports state queued and its position.</summary>
    public async Task<ChangeStatus> GetStatusAsync(string environment, ComponentId component, string changeId)
    {
        try
        {
            return await ChangeHandle(environment, component, changeId).QueryAsync(wf => wf.Status);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            var queue = await ListChangesAsync(environment, component);
            var queued = queue.Queued.FirstOrDefault(q => q.ChangeId == changeId);
            var finished = queue.Recent.LastOrDefault(r => r.ChangeId == changeId);
            if (queued is null && finished is null)
            {
                throw new ChangeNotFoundException($"No change {changeId} for {component} in {environment}.", e);
            }

            return new ChangeStatus(changeId, component.ToString(), environment,
                queued is not null ? ChangeState.Queued : ChangeState.Cancelled,
                queued?.RequestedBy ?? string.Empty, queued?.Reason ?? finished?.Reason ?? string.Empty, [], null, [], 0, null,
                queued?.Position ?? -1, [], finished);
        }
    }

    /// <summary>Waits for the change to finish and returns its result.</summary>
    public Task<ChangeResult> GetResultAsync(string environment, ComponentId component, string changeId) =>
        ChangeHandle(environment, component, changeId).GetResultAsync();

    public Task<ApprovalAnswer> ApproveAsync(string environment, ComponentId component, ApprovalVote vote) =>
        VoteAsync(ChangeHandle(environment, component, vote.ChangeId), wf => wf.ApproveAsync(vote), environment, component, vote.ChangeId);

    public Task<ApprovalAnswer> RejectAsync(string environment, ComponentId component, ApprovalVote vote) =>
        VoteAsync(ChangeHandle(environment, component, vote.ChangeId), wf => wf.RejectAsync(vote), environment, component, vote.ChangeId);

    /// <summary>Approves the rollout of dependents that followed change <see cref="ApprovalVote.ChangeId"/> of <paramref name="origin"/>.</summary>
    public Task<ApprovalAnswer> ApproveRolloutAsync(string environment, ComponentId origin, ApprovalVote vote) =>
        VoteAsync(client.GetWorkflowHandle<RolloutWorkflow>(ChangeIds.RolloutWorkflowId(environment, origin, vote.ChangeId)), wf => wf.ApproveAsync(vote),
            environment, origin, vote.ChangeId);

    public Task<ApprovalAnswer> RejectRolloutAsync(string environment, ComponentId origin, ApprovalVote vote) =>
        VoteAsync(client.GetWorkflowHandle<RolloutWorkflow>(ChangeIds.RolloutWorkflowId(environment, origin, vote.ChangeId)), wf => wf.RejectAsync(vote),
            environment, origin, vote.ChangeId);

    public Task<RolloutStatus> GetRolloutStatusAsync(string environment, ComponentId origin, string changeId) =>
        client.GetWorkflowHandle<RolloutWorkflow>(ChangeIds.RolloutWorkflowId(environment, origin, changeId)).QueryAsync(wf => wf.Status);

    /// <summary>
    /// Withdraws a queued change, or cancels a running one (a running terraform apply is let finish), recording the
    /// canceller. A change that already ended is a <see cref="ChangeEndedException"/>; one never proposed a <see cref="ChangeNotFoundException"/>.
    /// </summary>
    public async Task CancelAsync(string environment, ComponentId component, ChangeCancellation cancellation)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        var changeId = cancellation.ChangeId;
        var queue = client.GetWorkflowHandle<ComponentWorkflow>(ChangeIds.ComponentWorkflowId(environment, component));
        try
        {
            if (await queue.ExecuteUpdateAsync(wf => wf.WithdrawByAsync(cancellation)))
            {
                return;
            }
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // No queue runs (it ends when idle): the change, if any, is not waiting in one.
        }

        if (await EndedStateAsync(environment, component, changeId) is { } ended)
        {
            throw ChangeEndedException.For(changeId, ended);
        }

        var handle = ChangeHandle(environment, component, changeId);
        try
        {
            // The note goes first, so the change records who cancelled it when the cancel request reaches it.
            await handle.SignalAsync(wf => wf.NoteCancellationAsync(cancellation));
            await handle.CancelAsync();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // It ended between the check and the cancel.
            throw await EndedStateAsync(environment, component, changeId) is { } state
                ? ChangeEndedException.For(changeId, state, e)
                : new ChangeNotFoundException($"No change {changeId} for {component} in {environment}.", e);
        }
    }

    /// <summary>
    /// How the change ended, in wire words ("rejected", "no_changes", "cancelled" for one withdrawn from its queue), or
    /// null while it runs or waits, or when there is no such change. Read from the server alone: no worker is needed.
    /// </summary>
    public async Task<string?> EndedStateAsync(string environment, ComponentId component, string changeId)
    {
        WorkflowExecutionDescription description;
        try
        {
            description = await ChangeHandle(environment, component, changeId).DescribeAsync();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            var queue = await ListChangesAsync(environment, component);
            return queue.Queued.Any(q => q.ChangeId == changeId) ? null : queue.Recent.LastOrDefault(r => r.ChangeId == changeId)?.Status;
        }

        if (description.Status == WorkflowExecutionStatus.Running)
        {
            return null;
        }

        if (await ChangeStatusMemo.ReadAsync(description) is { } status)
        {
            return status.Result?.Status ?? status.State.ToWire();
        }

        try
        {
            return (await ChangeHandle(environment, component, changeId).GetResultAsync()).Status;
        }
        catch (WorkflowFailedException)
        {
            // Terminated, timed out or failed outside Karma's own bookkeeping.
            return description.Status.ToString().ToLowerInvariant();
        }
    }

    /// <summary>The component's queue: the running change, the waiting ones in order, and recent results.</summary>
    public async Task<ComponentQueueView> ListChangesAsync(string environment, ComponentId component)
    {
        try
        {
            return await client.GetWorkflowHandle<ComponentWorkflow>(ChangeIds.ComponentWorkflowId(environment, component)).QueryAsync(wf => wf.Queue);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return new ComponentQueueView(component.ToString(), environment, null, [], []);
        }
    }

    /// <summary>
    /// Change workflows from visibility, newest first, narrowed by environment and component through their workflow ids
    /// (<c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;/&lt;id&gt;</c>), which every server can filter on, unlike custom search
    /// attributes that must be registered first.
    /// </summary>
    public async IAsyncEnumerable<(ChangeAddress Address, WorkflowExecution Execution)> ListChangeWorkflowsAsync(
        string? environment = null, ComponentId? component = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = component is { } c && environment is not null ? ChangeIds.ComponentWorkflowId(environment, c) + "/"
            : environment is not null ? $"karma/{environment}/" : null;
        var query = "WorkflowType = 'ChangeWorkflow'" + (prefix is null ? string.Empty : $" AND WorkflowId STARTS_WITH '{prefix}'");
        await foreach (var execution in client.ListWorkflowsAsync(query, ListOptions(cancellationToken)).WithCancellation(cancellationToken))
        {
            if (ChangeAddress.FromChangeWorkflowId(execution.Id) is { } address && (component is null || address.Component == component))
            {
                yield return (address, execution);
            }
        }
    }

    /// <summary>
    /// Changes matching <paramref name="search"/>, newest first, at most <see cref="ChangeSearch.Limit"/>. The state comes
    /// from the <see cref="KarmaSearchAttributes.State"/> search attribute when the change carries it, else from the status
    /// it publishes in its memo (which the listing carries, so no worker is asked), else from its status query. With a
    /// component, changes still waiting in its queue (no workflow yet) are listed first.
    /// </summary>
    public async Task<IReadOnlyList<ChangeSummary>> SearchChangesAsync(ChangeSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var found = new List<ChangeSummary>();
        bool Wanted(string state) => search.State is not { } only || only.ToWire() == state;
        if (search.Component is { } component && search.Environment is { } env)
        {
            var queue = await ListChangesAsync(env, component);
            found.AddRange(queue.Queued.Select(q => new ChangeSummary(q.ChangeId, component.ToString(), env, ChangeState.Queued.ToWire(), q.RequestedBy,
                null, null, ChangeIds.ChangeWorkflowId(env, component, q.ChangeId))).Reverse().Where(s => Wanted(s.State)).Take(search.Limit));
        }

        await foreach (var (address, execution) in ListChangeWorkflowsAsync(search.Environment, search.Component, cancellationToken))
        {
            if (found.Count >= search.Limit)
            {
                break;
            }

            var attributes = execution.TypedSearchAttributes;
            var state = attributes.ContainsKey(KarmaSearchAttributes.State) ? attributes.Get(KarmaSearchAttributes.State) : null;
            var requestedBy = attributes.ContainsKey(KarmaSearchAttributes.RequestedBy) ? attributes.Get(KarmaSearchAttributes.RequestedBy) : null;
            if (state is null || requestedBy is null)
            {
                var status = await ChangeStatusMemo.ReadAsync(execution) ?? await GetStatusAsync(address.Environment, address.Component, address.ChangeId);
                (state, requestedBy) = (status.State.ToWire(), status.RequestedBy);
            }

            if (Wanted(state))
            {
                found.Add(new ChangeSummary(address.ChangeId, address.Component.ToString(), address.Environment, state, requestedBy,
                    execution.StartTime, execution.CloseTime, execution.Id));
            }
        }

        return found;
    }

    /// <summary>
    /// Finds a change from its id alone: among change workflows (visibility), else in an open component queue (waiting,
    /// being started, or withdrawn before it started). Null when no server-side record of it exists. Ids are unique per component, so the newest
    /// change workflow with this id wins if two components used the same one.
    /// </summary>
    public async Task<ChangeAddress?> LocateChangeAsync(string changeId, string? environment = null, CancellationToken cancellationToken = default)
    {
        await foreach (var (address, _) in ListChangeWorkflowsAsync(environment, null, cancellationToken))
        {
            if (address.ChangeId == changeId)
            {
                return address;
            }
        }

        var queues = "WorkflowType = 'ComponentWorkflow' AND ExecutionStatus = 'Running'" + (environment is null ? string.Empty : $" AND WorkflowId STARTS_WITH 'karma/{environment}/'");
        await foreach (var queue in client.ListWorkflowsAsync(queues, ListOptions(cancellationToken)).WithCancellation(cancellationToken))
        {
            if (ChangeAddress.FromQueueWorkflowId(queue.Id) is { } owner
                && await ListChangesAsync(owner.Environment, owner.Component) is var view
                && (view.Running?.ChangeId == changeId || view.Queued.Any(q => q.ChangeId == changeId) || view.Recent.Any(r => r.ChangeId == changeId)))
            {
                return owner with { ChangeId = changeId };
            }
        }

        return null;
    }

    /// <summary><c>karma graph build</c>: rebuilds the graph in a workflow and waits for the outcome.</summary>
    public Task<GraphBuildOutcome> BuildGraphAsync(string environment, string buildId) =>
        client.ExecuteWorkflowAsync(
            (GraphBuildWorkflow wf) => wf.RunAsync(new GraphBuildInput(environment)),
            new WorkflowOptions(ChangeIds.GraphBuildWorkflowId(environment, buildId), taskQueue)
            {
                StaticSummary = $"graph build of {environment}",
            });

    /// <summary>Creates (or updates) the Temporal Schedule that resyncs the graph and reports drift every <paramref name="every"/>.</summary>
    public async Task<string> EnsureGraphResyncScheduleAsync(string environment, TimeSpan every)
    {
        var scheduleId = $"karma/{environment}/graph-resync";
        var action = ScheduleActionStartWorkflow.Create(
            (GraphBuildWorkflow wf) => wf.RunAsync(new GraphBuildInput(environment)),
            new WorkflowOptions($"karma/{environment}/graph-resync/run", taskQueue));
        var schedule = new Schedule(action, new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(every)] })
        {
            Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.Skip },
        };
        try
        {
            await client.CreateScheduleAsync(scheduleId, schedule);
        }
        catch (ScheduleAlreadyRunningException)
        {
            await client.GetScheduleHandle(scheduleId).UpdateAsync(_ => new ScheduleUpdate(schedule));
        }

        return scheduleId;
    }

    private static WorkflowListOptions ListOptions(CancellationToken cancellationToken) =>
        new() { Rpc = new RpcOptions { CancellationToken = cancellationToken } };

    private WorkflowHandle<ChangeWorkflow, ChangeResult> ChangeHandle(string environment, ComponentId component, string changeId) =>
        client.GetWorkflowHandle<ChangeWorkflow, ChangeResult>(ChangeIds.ChangeWorkflowId(environment, component, changeId));

    /// <summary>The change's start input (what was proposed under its id) and whether it still runs; null when it has no workflow.</summary>
    private async Task<(ChangeRequest Request, bool Running)?> StartedRequestAsync(string changeWorkflowId)
    {
        var handle = client.GetWorkflowHandle(changeWorkflowId);
        try
        {
            var description = await handle.DescribeAsync();
            await foreach (var first in handle.FetchHistoryEventsAsync())
            {
                var input = first.WorkflowExecutionStartedEventAttributes?.Input?.Payloads_;
                if (input is not { Count: > 0 })
                {
                    return null;
                }

                var start = await client.Options.DataConverter.ToValueAsync<ChangeWorkflowInput>(input[0]);
                return (start.Request, description.Status == WorkflowExecutionStatus.Running);
            }

            return null;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<ApprovalAnswer> VoteAsync<TWorkflow>(
        WorkflowHandle<TWorkflow> handle, System.Linq.Expressions.Expression<Func<TWorkflow, Task<ApprovalAnswer>>> update,
        string environment, ComponentId component, string changeId)
    {
        try
        {
            return await handle.ExecuteUpdateAsync(update);
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException { ErrorType: ChangeEndedException.FailureType } ended)
        {
            throw new ChangeEndedException(ended.Message, e);
        }
        catch (WorkflowUpdateFailedException e)
        {
            // The change may have ended while the vote was on its way (the server fails an update its run did not finish).
            throw await EndedStateAsync(environment, component, changeId) is { } state
                ? ChangeEndedException.For(changeId, state, e)
                : new ApprovalRefusedException(e.InnerException?.Message ?? e.Message, e);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw await EndedStateAsync(environment, component, changeId) is { } state
                ? ChangeEndedException.For(changeId, state, e)
                : new ChangeNotFoundException($"No running workflow {handle.Id} to vote on.", e);
        }
    }
}
