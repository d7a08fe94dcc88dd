using System.Text.Json.Nodes;
using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Secrets;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Karma.Workflows;

/// <summary>
/// One long-lived workflow per component (id <c>karma/&lt;env&gt;/&lt;type&gt;/&lt;nickname&gt;</c>): proposals queue FIFO and run
/// one at a time as child <see cref="ChangeWorkflow"/>s, so two changes never plan or apply the same state at once.
/// The queue is queryable; the workflow continues as new before its history grows large.
/// </summary>
[Workflow]
public sealed class ComponentWorkflow
{
    private const int RecentKept = 20;
    private readonly List<QueuedChange> _pending = [];
    private readonly List<ChangeResult> _recent = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly ComponentWorkflowInput _input;
    private QueuedChange? _running;

    // The input is taken in the constructor because signal-with-start delivers the proposal before RunAsync starts.
    [WorkflowInit]
    public ComponentWorkflow(ComponentWorkflowInput input)
    {
        _input = input;
        _pending.AddRange(input.Pending ?? []);
        _recent.AddRange(input.Recent ?? []);
        _seen.UnionWith(_pending.Select(p => p.Request.ChangeId).Concat(_recent.Select(r => r.ChangeId)));
    }

    [WorkflowRun]
    public async Task RunAsync(ComponentWorkflowInput input)
    {
        var idle = input.IdleTimeout ?? TimeSpan.FromDays(7);
        var handled = 0;
        while (true)
        {
            if (!await Workflow.WaitConditionAsync(() => _pending.Count > 0, idle))
            {
                // Idle: end quietly; a proposal arriving now is still handled because the condition is re-checked first.
                await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
                if (_pending.Count == 0)
                {
                    return;
                }
            }

            _running = _pending[0];
            _pending.RemoveAt(0);
            _recent.Add(await RunChangeAsync(_running));
            if (_recent.Count > RecentKept)
            {
                _recent.RemoveAt(0);
            }

            _running = null;
            handled++;
            if (handled >= input.ContinueAsNewAfter || Workflow.ContinueAsNewSuggested)
            {
                await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
                var next = input with { Pending = _pending.ToList(), Recent = _recent.ToList() };
                throw Workflow.CreateContinueAsNewException((ComponentWorkflow wf) => wf.RunAsync(next));
            }
        }
    }

    [WorkflowQuery]
    public ComponentQueueView Queue => new(
        _input.Component.ToString(),
        _input.Environment,
        _running is null ? null : Entry(_running, 0),
        _pending.Select((p, i) => Entry(p, i + 1)).ToList(),
        _recent);

    [WorkflowUpdateValidator(nameof(EnqueueAsync))]
    public void ValidateEnqueue(ProposeChange proposal)
    {
        try
        {
            proposal.Request.Validate();
        }
        catch (InvalidChangeRequestException e)
        {
            throw new ApplicationFailureException(e.Message, "InvalidChangeRequest", nonRetryable: true);
        }

        if (proposal.Request.Component != _input.Component || proposal.Request.Environment != _input.Environment)
        {
            throw new ApplicationFailureException(
                $"change {proposal.Request.ChangeId} is for {proposal.Request.Environment}/{proposal.Request.Component}, not this queue ({_input.Environment}/{_input.Component}).",
                "InvalidChangeRequest", nonRetryable: true);
        }

        // A change id names one proposal: the same proposal again is a retry, another one under the same id is refused
        // (it would otherwise be dropped silently). Only waiting and running changes are known here; the client checks
        // changes that already have a workflow.
        var known = _running?.Request.ChangeId == proposal.Request.ChangeId ? _running : _pending.Find(p => p.Request.ChangeId == proposal.Request.ChangeId);
        if (known?.Request.DifferenceFrom(proposal.Request) is { } difference)
        {
            throw new ApplicationFailureException(ChangeIdConflictException.For(proposal.Request.ChangeId, difference).Message,
                ChangeIdConflictException.FailureType, nonRetryable: true);
        }
    }

    /// <summary>Queues a proposal; a change id seen before is not queued twice (retried proposals are idempotent).</summary>
    [WorkflowUpdate]
    public Task<EnqueuedChange> EnqueueAsync(ProposeChange proposal)
    {
        var id = proposal.Request.ChangeId;
        if (_seen.Add(id))
        {
            _pending.Add(new QueuedChange(proposal.Request, proposal.Options, Workflow.UtcNow));
        }

        return Task.FromResult(new EnqueuedChange(id, ChangeWorkflowId(id), PositionOf(id)));
    }

    /// <summary>The signal form, for signal-with-start (starts the queue when it is not running).</summary>
    [WorkflowSignal]
    public Task ProposeAsync(ProposeChange proposal)
    {
        try
        {
            ValidateEnqueue(proposal);
            _ = EnqueueAsync(proposal);
        }
        catch (ApplicationFailureException e)
        {
            Workflow.Logger.LogIgnoredProposal(e.Message);
        }

        return Task.CompletedTask;
    }

    /// <summary>Removes a change that has not started yet; true when it was queued. Kept for runs that received it (see <see cref="WithdrawByAsync"/>).</summary>
    [WorkflowUpdate]
    public Task<bool> WithdrawAsync(string changeId)
    {
        var removed = _pending.RemoveAll(p => p.Request.ChangeId == changeId) > 0;
        if (removed)
        {
            _recent.Add(new ChangeResult(changeId, ChangeState.Cancelled.ToWire(), [_input.Component.ToString()], [], null, "withdrawn before it started"));
        }

        return Task.FromResult(removed);
    }

    /// <summary>Removes a change that has not started yet, recording who withdrew it (result, audit trail); true when it was queued.</summary>
    [WorkflowUpdate]
    public async Task<bool> WithdrawByAsync(ChangeCancellation cancellation)
    {
        var queued = _pending.Find(p => p.Request.ChangeId == cancellation.ChangeId);
        if (queued is null)
        {
            return false;
        }

        _pending.Remove(queued);
        var reason = $"withdrawn before it started by {cancellation.User} via {cancellation.Source.ToWire()}";
        _recent.Add(new ChangeResult(cancellation.ChangeId, ChangeState.Cancelled.ToWire(), [_input.Component.ToString()], [], null, reason));
        var entry = new AuditEntry($"{cancellation.ChangeId}-withdrawn", Workflow.UtcNow, AuditActions.Cancellation, _input.Component.ToString(),
            cancellation.User, cancellation.Source.ToWire(), new JsonObject { ["reason"] = reason, ["requested_by"] = queued.Request.RequestedBy },
            "withdrawn", cancellation.ChangeId);
        await Workflow.ExecuteActivityAsync(
            (AuditActivities a) => a.AppendAuditAsync(entry),
            LifecycleActivityOptions.Quick(queued.Options, $"audit withdrawal of {cancellation.ChangeId}"));
        return true;
    }

    private async Task<ChangeResult> RunChangeAsync(QueuedChange change)
    {
        var request = change.Request;
        var options = new ChildWorkflowOptions
        {
            Id = ChangeWorkflowId(request.ChangeId),
            StaticSummary = $"{request.Component} in {request.Environment}: change {request.ChangeId} by {request.RequestedBy}",
            // Shown in the Temporal UI: the reason goes through the same redaction as everything else the change shows.
            StaticDetails = $"**Reason:** {SecretRedactor.ForJson(request.ProposedConfigJson).RedactText(request.Reason)}\n\n**Source:** {request.Source.ToWire()}\n\n**Queued:** {change.EnqueuedAt:u}",
            CancellationType = ChildWorkflowCancellationType.WaitCancellationCompleted,
        };
        if (change.Options.UseSearchAttributes)
        {
            options.TypedSearchAttributes = new Temporalio.Common.SearchAttributeCollection.Builder()
                .Set(KarmaSearchAttributes.Component, request.Component.ToString())
                .Set(KarmaSearchAttributes.Environment, request.Environment)
                .Set(KarmaSearchAttributes.RequestedBy, request.RequestedBy)
                .Set(KarmaSearchAttributes.State, ChangeState.Queued.ToWire())
                .ToSearchAttributeCollection();
        }

        try
        {
            return await Workflow.ExecuteChildWorkflowAsync((ChangeWorkflow wf) => wf.RunAsync(new ChangeWorkflowInput(request, change.Options)), options);
        }
        catch (ChildWorkflowFailureException e)
        {
            // A change that ended abnormally (terminated, timed out, cancelled outside Karma) must not stop the queue.
            return new ChangeResult(request.ChangeId, ChangeState.Failed.ToWire(), [request.Component.ToString()], [], null,
                e.InnerException?.Message ?? e.Message);
        }
    }

    private int PositionOf(string changeId)
    {
        if (_running?.Request.ChangeId == changeId)
        {
            return 0;
        }

        var index = _pending.FindIndex(p => p.Request.ChangeId == changeId);
        return index >= 0 ? index + 1 : -1;
    }

    private string ChangeWorkflowId(string changeId) => ChangeIds.ChangeWorkflowId(_input.Environment, _input.Component, changeId);

    private static QueueEntry Entry(QueuedChange change, int position) =>
        new(change.Request.ChangeId, change.Request.RequestedBy, change.Request.Reason, change.EnqueuedAt, position);
}
