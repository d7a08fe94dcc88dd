using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
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
    /// returns its queue position. Idempotent per change id.
    /// </summary>
    public async Task<EnqueuedChange> ProposeAsync(ChangeRequest request, ChangeOptions? options = null, ComponentWorkflowInput? queue = null)
    {
        request.Validate();
        var proposal = new ProposeChange(request, options ?? new ChangeOptions());
        var workflowOptions = new WorkflowOptions(ChangeIds.ComponentWorkflowId(request.Environment, request.Component), taskQueue)
        {
            StaticSummary = $"change queue of {request.Component} in {request.Environment}",
        };
        workflowOptions.SignalWithStart((ComponentWorkflow wf) => wf.ProposeAsync(proposal));
        var handle = await client.StartWorkflowAsync(
            (ComponentWorkflow wf) => wf.RunAsync(queue ?? new ComponentWorkflowInput(request.Environment, request.Component)),
            workflowOptions);
        return await handle.ExecuteUpdateAsync(wf => wf.EnqueueAsync(proposal));
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
        VoteAsync(ChangeHandle(environment, component, vote.ChangeId), wf => wf.ApproveAsync(vote));

    public Task<ApprovalAnswer> RejectAsync(string environment, ComponentId component, ApprovalVote vote) =>
        VoteAsync(ChangeHandle(environment, component, vote.ChangeId), wf => wf.RejectAsync(vote));

    /// <summary>Approves the rollout of dependents that followed change <see cref="ApprovalVote.ChangeId"/> of <paramref name="origin"/>.</summary>
    public Task<ApprovalAnswer> ApproveRolloutAsync(string environment, ComponentId origin, ApprovalVote vote) =>
        VoteAsync(client.GetWorkflowHandle<RolloutWorkflow>(ChangeIds.RolloutWorkflowId(environment, origin, vote.ChangeId)), wf => wf.ApproveAsync(vote));

    public Task<ApprovalAnswer> RejectRolloutAsync(string environment, ComponentId origin, ApprovalVote vote) =>
        VoteAsync(client.GetWorkflowHandle<RolloutWorkflow>(ChangeIds.RolloutWorkflowId(environment, origin, vote.ChangeId)), wf => wf.RejectAsync(vote));

    public Task<RolloutStatus> GetRolloutStatusAsync(string environment, ComponentId origin, string changeId) =>
        client.GetWorkflowHandle<RolloutWorkflow>(ChangeIds.RolloutWorkflowId(environment, origin, changeId)).QueryAsync(wf => wf.Status);

    /// <summary>Withdraws a queued change, or cancels a running one (a running terraform apply is let finish).</summary>
    public async Task CancelAsync(string environment, ComponentId component, string changeId)
    {
        var queue = client.GetWorkflowHandle<ComponentWorkflow>(ChangeIds.ComponentWorkflowId(environment, component));
        if (await queue.ExecuteUpdateAsync(wf => wf.WithdrawAsync(changeId)))
        {
            return;
        }

        await ChangeHandle(environment, component, changeId).CancelAsync();
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

    private static async Task<ApprovalAnswer> VoteAsync<TWorkflow>(
        WorkflowHandle<TWorkflow> handle, System.Linq.Expressions.Expression<Func<TWorkflow, Task<ApprovalAnswer>>> update)
    {
        try
        {
            return await handle.ExecuteUpdateAsync(update);
        }
        catch (WorkflowUpdateFailedException e)
        {
            throw new ApprovalRefusedException(e.InnerException?.Message ?? e.Message, e);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new ChangeNotFoundException($"No running workflow {handle.Id} to vote on.", e);
        }
    }
}
