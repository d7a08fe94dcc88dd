using System.Text.Json.Nodes;
using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Secrets;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Karma.Workflows;

/// <summary>
/// One config change of one component: validate → impact → plan → approval → publish config → apply the approved
/// plan → publish runtime → verify → graph delta → commit to Git → audit; then roll out dependents whose consumed
/// runtime values changed. Run as a child of the component's <see cref="ComponentWorkflow"/>, one at a time.
/// </summary>
[Workflow]
public sealed partial class ChangeWorkflow
{
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<RecordedApproval> _approvals = [];
    private readonly List<string> _warnings = [];
    private readonly ChangeRequest _request;
    private readonly ChangeOptions _options;

    // Karma's one redaction rule, knowing the secret values of the proposed config: applied to everything this change
    // writes to the audit trail, notifications, its timeline and its status.
    private readonly SecretRedactor _redactor;
    private ApprovalPolicy _policy = ApprovalPolicy.Default;
    private ChangeState _state = ChangeState.Queued;
    private PlanDigest? _plan;
    private ApprovalVote? _rejection;
    private DateTime? _deadline;
    private ChangeResult? _result;
    private int _auditSequence;
    private ChangeCancellation? _cancellation;

    // Queries and votes may arrive before RunAsync starts; the constructor makes the request available to them.
    [WorkflowInit]
    public ChangeWorkflow(ChangeWorkflowInput input)
    {
        _request = input.Request;
        _options = input.Options;
        _redactor = SecretRedactor.ForJson(input.Request.ProposedConfigJson);
    }

    [WorkflowRun]
    public async Task<ChangeResult> RunAsync(ChangeWorkflowInput input)
    {
        var request = input.Request;
        var component = request.Component;
        Record(ChangeState.Queued, ReasonText.Append(
            $"{(request.Kind == ChangeKind.Change ? string.Empty : request.Kind.ToWire() + " ")}proposed by {request.RequestedBy} via {request.Source.ToWire()}", request.Reason));
        StartPublishingStatus();
        try
        {
            request.Validate();
        }
        catch (InvalidChangeRequestException e)
        {
            return await FinishAsync(ChangeState.Invalid, e.Message, []);
        }

        try
        {
            return await RunStepsAsync(request, component);
        }
        catch (Exception e) when (TemporalException.IsCanceledException(e))
        {
            return await FinishAsync(ChangeState.Cancelled, _cancellation is { } by ? $"cancelled by {by.User} via {by.Source.ToWire()}" : "the change was cancelled",
                [_request.Component.ToString()], _cancellation is { } c ? (c.User, c.Source) : null);
        }
        catch (Exception e) when (e is ActivityFailureException or ApplicationFailureException)
        {
            return await FinishAsync(ChangeState.Failed, Describe(e), [_request.Component.ToString()]);
        }
    }

    [WorkflowQuery]
    public ChangeStatus Status => new(
        _request.ChangeId,
        _request.Component.ToString(),
        _request.Environment,
        _state,
        _request.RequestedBy,
        _redactor.RedactText(_request.Reason),
        _timeline,
        _plan is null ? null : PlanView.From(_plan),
        _approvals.Where(a => _plan is null || a.PlanFingerprint == _plan.Fingerprint).ToList(),
        _plan is null ? _policy.RequiredApprovals : _policy.RequiredFor(_plan),
        _deadline,
        0,
        _warnings.Select(_redactor.RedactText).ToList(),
        _result,
        _request.Kind);

    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(ApprovalVote vote)
    {
        EnsureAwaitingApproval(vote);
        var check = ApprovalEvaluator.CheckApproval(_policy, _request.RequestedBy, vote, CurrentApprovals());
        if (!check.Allowed)
        {
            throw new ApplicationFailureException(check.Reason!, "ApprovalRefused", nonRetryable: true);
        }
    }

    /// <summary>Records (and audits) an approval of the current plan. Unauthorized votes are refused by the validator and leave no trace.</summary>
    [WorkflowUpdate]
    public async Task<ApprovalAnswer> ApproveAsync(ApprovalVote vote)
    {
        var plan = _plan!;
        _approvals.Add(new RecordedApproval(vote.User, vote.Source, Workflow.UtcNow, plan.Fingerprint, vote.Comment));
        Note($"approved by {vote.User} via {vote.Source.ToWire()}");
        var count = CurrentApprovals().Count;
        var required = _policy.RequiredFor(plan);
        var answer = new ApprovalAnswer(_state, count, required, count >= required ? "approved; the change proceeds" : $"{count} of {required} approvals");
        await AuditVoteAsync(vote, "approved", plan);
        return answer;
    }

    [WorkflowUpdateValidator(nameof(RejectAsync))]
    public void ValidateReject(ApprovalVote vote)
    {
        EnsureAwaitingApproval(vote);
        var check = ApprovalEvaluator.CheckRejection(_policy, _request.RequestedBy, vote);
        if (!check.Allowed)
        {
            throw new ApplicationFailureException(check.Reason!, "RejectionRefused", nonRetryable: true);
        }
    }

    [WorkflowUpdate]
    public async Task<ApprovalAnswer> RejectAsync(ApprovalVote vote)
    {
        var plan = _plan;
        _rejection ??= vote;
        Note($"rejected by {vote.User} via {vote.Source.ToWire()}");
        var answer = new ApprovalAnswer(ChangeState.Rejected, CurrentApprovals().Count, plan is null ? 0 : _policy.RequiredFor(plan), "rejected");
        await AuditVoteAsync(vote, "rejected", plan);
        return answer;
    }

    /// <summary>Fallback for clients that cannot send updates (e.g. a fire-and-forget webhook). Invalid votes are dropped.</summary>
    [WorkflowSignal]
    public async Task ApproveSignalAsync(ApprovalVote vote)
    {
        if (TryValidate(() => ValidateApprove(vote)))
        {
            await ApproveAsync(vote);
        }
    }

    [WorkflowSignal]
    public async Task RejectSignalAsync(ApprovalVote vote)
    {
        if (TryValidate(() => ValidateReject(vote)))
        {
            await RejectAsync(vote);
        }
    }

    /// <summary>
    /// Sent just before Temporal's cancel request, so that the cancel is recorded as the canceller's (timeline, audit, the
    /// change's end) and not as the proposer's. The first one counts; one for another change is ignored.
    /// </summary>
    [WorkflowSignal]
    public async Task NoteCancellationAsync(ChangeCancellation cancellation)
    {
        if (cancellation.ChangeId != _request.ChangeId || _cancellation is not null || _state.IsTerminal())
        {
            return;
        }

        _cancellation = cancellation;
        Note($"cancel requested by {cancellation.User} via {cancellation.Source.ToWire()}");
        await AuditAsync(AuditActions.Cancellation, "requested", new JsonObject { ["state"] = _state.ToWire() }, (cancellation.User, cancellation.Source));
    }

    private static string Describe(Exception e) => e is ActivityFailureException { InnerException: { } inner } ? inner.Message : e.Message;

    private static bool TryValidate(Action validate)
    {
        try
        {
            validate();
            return true;
        }
        catch (ApplicationFailureException e)
        {
            Workflow.Logger.LogIgnoredVote(e.Message);
            return false;
        }
    }

    private async Task<ChangeResult> RunStepsAsync(ChangeRequest request, ComponentId component)
    {
        Move(ChangeState.Validating);
        // Redacted like every entry (AuditAsync): the proposed config's secrets never reach the audit trail.
        await AuditAsync(AuditActions.ChangeRequested, "accepted", new JsonObject
        {
            ["reason"] = request.Reason,
            ["proposed_change"] = TryParse(request.ProposedConfigJson),
        });
        _policy = await Workflow.ExecuteActivityAsync(
            (ConfigActivities a) => a.GetApprovalPolicy(request.Environment),
            LifecycleActivityOptions.Quick(_options, $"approval policy of {request.Environment}"));
        var validation = await Workflow.ExecuteActivityAsync(
            (ConfigActivities a) => a.ValidateProposedConfigAsync(new ValidateConfigInput(request.Environment, component, request.ProposedConfigJson)),
            LifecycleActivityOptions.Quick(_options, $"validate config of {component}"));
        _warnings.AddRange(validation.Warnings);
        if (!validation.IsValid)
        {
            return await FinishAsync(ChangeState.Invalid, string.Join(" ", validation.Errors), []);
        }

        // A plan or a deploy of the published config still plans: the real infrastructure may differ from it.
        if (validation.Unchanged && request.Kind == ChangeKind.Change)
        {
            return await FinishAsync(ChangeState.NoChanges, "the proposed config equals the published one", []);
        }

        var config = validation.CompactJson;
        Move(ChangeState.Analyzing);
        var impact = await Workflow.ExecuteActivityAsync(
            (ImpactActivities a) => a.AnalyzeImpactAsync(new ImpactInput(request.Environment, component)),
            LifecycleActivityOptions.Quick(_options, $"impact of {component}"));
        var affected = new List<string> { component.ToString() };
        affected.AddRange(impact.Downstream.Select(d => d.ToString()));

        Move(ChangeState.Planning);
        var plan = await Workflow.ExecuteActivityAsync(
            (TerraformLifecycleActivities a) => a.PlanChangeAsync(new PlanChangeInput(request.Environment, component, config,
                request.Kind == ChangeKind.Plan ? request.ChangeId : null)),
            LifecycleActivityOptions.Terraform(_options, $"terraform plan {component}"));
        var broken = BrokenDependents(plan, impact);
        if (broken.Count > 0)
        {
            return await FinishAsync(ChangeState.Invalid,
                $"the change removes runtime keys that dependents read: {string.Join("; ", broken)}", affected);
        }

        SetPlan(plan);
        if (request.Kind == ChangeKind.Plan)
        {
            return await FinishAsync(ChangeState.Planned, "dry run: nothing was approved, published, applied or committed", affected);
        }

        await AuditAsync(AuditActions.TerraformPlanned, "planned", new JsonObject { ["summary"] = plan.Summary, ["plan"] = plan.PlanRef });
        if (request.Kind == ChangeKind.Deploy && validation.Unchanged && !plan.HasChanges)
        {
            return await FinishAsync(ChangeState.NoChanges, "the config in Git is published and applied: terraform has nothing to do", affected);
        }

        ApplyOutcome outcome;
        for (var round = 1; ; round++)
        {
            var decision = await AwaitApprovalAsync();
            if (decision is { } ended)
            {
                await RestoreUnappliedConfigAsync();
                return await FinishAsync(ended, ended == ChangeState.Rejected
                    ? ReasonText.Append($"rejected by {_rejection!.User}", _rejection.Comment)
                    : $"no approval within {_options.ApprovalTimeout}", affected);
            }

            Move(ChangeState.Publishing);
            var published = await Workflow.ExecuteActivityAsync(
                (ConfigActivities a) => a.PublishConfigAsync(new PublishConfigInput(request.Environment, component, config)),
                LifecycleActivityOptions.Quick(_options, $"publish config of {component}"));
            _previousConfigVersion ??= published.PreviousVersion;
            await AuditAsync(AuditActions.UpdateConfig, "published", new JsonObject { ["version"] = published.Version });

            // The durable "applying" state: recorded (state, search attribute, scheduled activity) before terraform runs.
            Move(ChangeState.Applying);
            var approvedPlan = _plan!;
            outcome = await Workflow.ExecuteActivityAsync(
                (TerraformLifecycleActivities a) => a.ApplyApprovedPlanAsync(new ApplyPlanInput(request.Environment, component, config, approvedPlan)),
                LifecycleActivityOptions.Terraform(_options, $"terraform apply {component} ({approvedPlan.Summary})", Detached));
            if (outcome.Kind == ApplyOutcomeKind.Applied)
            {
                break;
            }

            if (round >= _options.MaxApprovalRounds)
            {
                await RestoreUnappliedConfigAsync();
                return await FinishAsync(ChangeState.Failed, $"the plan went stale {round} times; giving up", affected);
            }

            Note("the approved plan is stale (state or upstream runtime changed); re-planned, approval needed again");
            SetPlan(outcome.FreshPlan!);
        }

        await AuditAsync(AuditActions.TerraformApplied, "applied", new JsonObject { ["resumed"] = outcome.Resumed, ["summary"] = _plan!.Summary });
        Move(ChangeState.CapturingRuntime);
        var runtime = await Workflow.ExecuteActivityAsync(
            (TerraformLifecycleActivities a) => a.PublishRuntimeAsync(new PublishRuntimeInput(request.Environment, component, config, impact.CurrentRuntimeJson)),
            LifecycleActivityOptions.Terraform(_options, $"publish runtime of {component}"));
        var dropped = runtime.DroppedSensitiveOutputs ?? [];
        if (dropped.Count > 0)
        {
            // Names only: the values never left terraform. A dependent reading one of them will find nothing.
            var warning = $"sensitive terraform output{(dropped.Count == 1 ? string.Empty : "s")} {string.Join(", ", dropped)} " +
                "not published to runtime (sensitive values never leave terraform; dependents cannot read them)";
            _warnings.Add(warning);
            Note(warning);
            Workflow.Logger.LogChangeWarning(component.ToString(), warning);
        }

        if (runtime.Note is not null)
        {
            // Not a failure: the module keeps its runtime elsewhere (e.g. one parameter per function).
            _warnings.Add(runtime.Note);
        }

        await AuditAsync(AuditActions.RuntimeUpdated, runtime.Note is null ? "published" : "none published", new JsonObject
        {
            ["changed_keys"] = new JsonArray([.. runtime.ChangedKeys.Select(k => JsonValue.Create(k))]),
            ["dropped_sensitive_outputs"] = new JsonArray([.. dropped.Select(k => JsonValue.Create(k))]),
        });

        Move(ChangeState.Verifying);
        var verify = await Workflow.ExecuteActivityAsync(
            (TerraformLifecycleActivities a) => a.VerifyAsync(new VerifyInput(request.Environment, component, config, impact.Consumers)),
            LifecycleActivityOptions.Terraform(_options, $"verify {component}"));
        if (!verify.Passed)
        {
            return await HandleVerifyFailureAsync(verify, affected);
        }

        Move(ChangeState.WritingGraph);
        var graph = await Workflow.ExecuteActivityAsync(
            (GraphActivities a) => a.RefreshGraphAsync(new GraphRefreshInput(request.Environment, new ConfigOverlay(component, config))),
            LifecycleActivityOptions.Terraform(_options, $"graph delta for {request.Environment}"));
        _warnings.AddRange(graph.Errors.Select(e => $"graph: {e}"));

        Move(ChangeState.Committing);
        if (request.Kind == ChangeKind.Deploy)
        {
            // The config came from Git as it is: committing it back would only reformat (or duplicate) the file.
            await RolloutDependentsAsync(impact, runtime, affected);
            return await FinishAsync(ChangeState.Applied, "deployed the config in Git; nothing to commit", affected);
        }

        var commit = await Workflow.ExecuteActivityAsync(
            (ConfigActivities a) => a.CommitConfigAsync(new CommitConfigInput(request.Environment, component, config, request.RequestedBy,
                ReasonText.Append($"karma: {component} change {request.ChangeId}", request.Reason))),
            LifecycleActivityOptions.Quick(_options, $"commit config of {component}"));
        if (commit.Warning is not null)
        {
            _warnings.Add(commit.Warning);
        }

        await RolloutDependentsAsync(impact, runtime, affected);
        return await FinishAsync(ChangeState.Applied, commit.Commit is null ? null : $"committed {commit.Commit}", affected);
    }

    private long? _previousConfigVersion;

    // Apply and the final bookkeeping must not be torn by a cancel request: terraform finishes, the state is recorded.
    private static readonly CancellationToken Detached = CancellationToken.None;

    private async Task<ChangeState?> AwaitApprovalAsync()
    {
        Move(ChangeState.AwaitingApproval);
        _deadline ??= Workflow.UtcNow + _options.ApprovalTimeout;
        await NotifyAsync(ChangeNotificationKind.ApprovalNeeded, $"approval needed ({_policy.RequiredFor(_plan!)} required)");
        while (true)
        {
            if (_rejection is not null)
            {
                return ChangeState.Rejected;
            }

            if (ApprovalEvaluator.IsSatisfied(_policy, _plan!, _approvals))
            {
                await NotifyAsync(ChangeNotificationKind.Approved, "approved");
                return null;
            }

            var remaining = _deadline.Value - Workflow.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return ChangeState.Expired;
            }

            var wait = remaining < _options.ReminderInterval ? remaining : _options.ReminderInterval;
            var woke = await Workflow.WaitConditionAsync(
                () => _rejection is not null || ApprovalEvaluator.IsSatisfied(_policy, _plan!, _approvals), wait);
            if (!woke && Workflow.UtcNow < _deadline.Value)
            {
                await NotifyAsync(ChangeNotificationKind.ApprovalReminder, $"still waiting for approval; expires {_deadline:u}");
            }
        }
    }

    private async Task<ChangeResult> HandleVerifyFailureAsync(VerifyReport verify, List<string> affected)
    {
        var reason = $"verification failed: {string.Join(" ", verify.Failures)}";
        if (!_options.RollbackOnVerifyFailure || _previousConfigVersion is not { } previous)
        {
            return await FinishAsync(ChangeState.Failed, reason, affected);
        }

        var request = _request;
        Move(ChangeState.RollingBack);
        Note(reason);
        await Workflow.ExecuteActivityAsync(
            (ConfigActivities a) => a.RestoreConfigAsync(new RestoreConfigInput(request.Environment, request.Component, previous)),
            LifecycleActivityOptions.Quick(_options, $"restore config v{previous} of {request.Component}"));

        // Rolling back to the config that was live before is pre-approved by the environment's rollback setting.
        var plan = await Workflow.ExecuteActivityAsync(
            (TerraformLifecycleActivities a) => a.PlanChangeAsync(new PlanChangeInput(request.Environment, request.Component, null)),
            LifecycleActivityOptions.Terraform(_options, $"terraform plan rollback {request.Component}"));
        await Workflow.ExecuteActivityAsync(
            (TerraformLifecycleActivities a) => a.ApplyApprovedPlanAsync(new ApplyPlanInput(request.Environment, request.Component, null, plan)),
            LifecycleActivityOptions.Terraform(_options, $"terraform apply rollback {request.Component}", Detached));
        return await FinishAsync(ChangeState.RolledBack, $"{reason} Rolled back to config v{previous}.", affected);
    }

    private async Task RolloutDependentsAsync(ImpactReport impact, PublishedRuntime runtime, List<string> affected)
    {
        if (!_options.Rollout.Enabled || runtime.ChangedKeys.Count == 0 || impact.Downstream.Count == 0)
        {
            return;
        }

        var request = _request;
        RolloutResult rollout;
        try
        {
            rollout = await Workflow.ExecuteChildWorkflowAsync(
            (RolloutWorkflow wf) => wf.RunAsync(new RolloutInput(request.Environment, request.Component, request.ChangeId,
                request.RequestedBy, runtime.ChangedKeys, _options)),
            new ChildWorkflowOptions
            {
                Id = ChangeIds.RolloutWorkflowId(request.Environment, request.Component, request.ChangeId),
                StaticSummary = $"rollout of {request.Component}'s runtime change {request.ChangeId} to its dependents",
            });
        }
        catch (ChildWorkflowFailureException e)
        {
            // The change itself is applied and verified; a failed rollout is reported, not undone.
            _warnings.Add($"rollout failed: {e.InnerException?.Message ?? e.Message}");
            return;
        }

        affected.AddRange(rollout.Applied.Where(a => !affected.Contains(a)));
        // Rollouts from before skip reasons existed skipped only dependents whose consumed values did not change.
        var skips = rollout.SkipReasons ?? rollout.Skipped.Select(s => new RolloutSkip(s, "its consumed values did not change")).ToList();
        _warnings.AddRange(skips.Select(s => $"rollout: {s.Component} skipped ({s.Reason})"));
        if (rollout.Status != "applied")
        {
            _warnings.Add(ReasonText.Append($"rollout {rollout.Status}", rollout.Reason));
        }
    }

    private List<string> BrokenDependents(PlanDigest plan, ImpactReport impact)
    {
        var declared = impact.Consumers.Where(c => c.Keys.Count > 0).ToList();
        if (plan.PlannedOutputNames.Count == 0)
        {
            // The module writes its runtime itself (no outputs): the removal check cannot see its keys ahead of apply.
            if (declared.Count > 0)
            {
                _warnings.Add("the module declares no outputs; runtime keys of dependents are checked after apply (verify)");
            }

            return [];
        }

        return RuntimeContract.BrokenBy(plan.PlannedOutputNames, declared).Select(b => b.ToString()).ToList();
    }

    /// <param name="by">Who ended the change when it was not the proposer (a canceller).</param>
    private async Task<ChangeResult> FinishAsync(ChangeState final, string? reason, List<string> affected, (string User, ChangeSource Source)? by = null)
    {
        reason = reason is null ? null : _redactor.RedactText(reason);
        Move(final, reason);
        var logId = await AuditAsync(AuditActions.ChangeFinished, final.ToWire(), new JsonObject
        {
            ["reason"] = reason,
            ["affected_components"] = new JsonArray([.. affected.Select(a => JsonValue.Create(a))]),
        }, by);
        var kind = final switch
        {
            ChangeState.Applied or ChangeState.NoChanges => ChangeNotificationKind.Applied,
            ChangeState.Rejected => ChangeNotificationKind.Rejected,
            ChangeState.Expired => ChangeNotificationKind.Expired,
            _ => ChangeNotificationKind.Failed,
        };
        await NotifyAsync(kind, reason ?? final.ToWire());

        // A vote or cancel being audited (its handler awaits an activity) finishes before the run does.
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, Detached);
        _result = new ChangeResult(_request.ChangeId, final.ToWire(), affected.Count > 0 ? affected : [_request.Component.ToString()],
            _warnings.Select(_redactor.RedactText).ToList(), logId, reason, _plan?.Summary);
        PublishStatus();
        return _result;
    }

    /// <param name="by">Who acted, when not the proposer (a voter, a canceller).</param>
    private async Task<string?> AuditAsync(string action, string status, JsonObject inputs, (string User, ChangeSource Source)? by = null)
    {
        var request = _request;
        if (request.Kind == ChangeKind.Plan)
        {
            // A dry run changes nothing, so it leaves nothing in the audit trail (its workflow history records it).
            return null;
        }

        // Deterministic ids make retried appends recognisable, and read well: <change-id>-<n>.
        var entry = new AuditEntry($"{request.ChangeId}-{++_auditSequence}", Workflow.UtcNow, action, request.Component.ToString(),
            by?.User ?? request.RequestedBy, (by?.Source ?? request.Source).ToWire(), inputs, status, request.ChangeId).Redacted(_redactor);
        return await Workflow.ExecuteActivityAsync(
            (AuditActivities a) => a.AppendAuditAsync(entry),
            LifecycleActivityOptions.Quick(_options, $"audit {action} {status}", Detached));
    }

    private Task NotifyAsync(ChangeNotificationKind kind, string text)
    {
        var request = _request;
        if (request.Kind == ChangeKind.Plan)
        {
            // Nobody is asked to approve a dry run; its caller reads the result.
            return Task.CompletedTask;
        }

        var notification = new ChangeNotification(kind, request.Environment, request.Component.ToString(), request.ChangeId,
            Workflow.Info.WorkflowId, request.RequestedBy, _redactor.RedactText(text), _plan?.Summary);
        return Workflow.ExecuteActivityAsync(
            (NotificationActivities a) => a.NotifyAsync(notification),
            LifecycleActivityOptions.Quick(_options, $"notify {kind}", Detached));
    }

    /// <summary>Audits a vote with who, how and when; runs started before votes were audited record them in the timeline only.</summary>
    private async Task AuditVoteAsync(ApprovalVote vote, string decision, PlanDigest? plan)
    {
        if (!Workflow.Patched(WorkflowPatches.VotesAudited))
        {
            return;
        }

        await AuditAsync(AuditActions.Approval, decision, new JsonObject
        {
            ["comment"] = vote.Comment,
            ["plan"] = plan?.Summary,
            ["plan_fingerprint"] = plan?.Fingerprint,
        }, (vote.User, vote.Source));
    }

    private void EnsureAwaitingApproval(ApprovalVote vote)
    {
        if (vote.ChangeId != _request.ChangeId)
        {
            throw new ApplicationFailureException($"this vote is for change {vote.ChangeId}, not {_request.ChangeId}.", "ApprovalRefused", nonRetryable: true);
        }

        if (_state.IsTerminal())
        {
            throw new ApplicationFailureException(ChangeEndedException.Describe(_request.ChangeId, _state.ToWire()), ChangeEndedException.FailureType, nonRetryable: true);
        }

        if (_state != ChangeState.AwaitingApproval || _plan is null)
        {
            throw new ApplicationFailureException($"change {_request.ChangeId} is {_state.ToWire()}, not awaiting approval.", "ApprovalRefused", nonRetryable: true);
        }
    }

    private List<RecordedApproval> CurrentApprovals() => _approvals.Where(a => a.PlanFingerprint == _plan?.Fingerprint).ToList();

    private void SetPlan(PlanDigest plan)
    {
        _plan = plan;
        Note($"plan: {plan.Summary}");
    }

    private void Move(ChangeState next, string? note = null)
    {
        _state = ChangeStateMachine.Move(_state, next);
        Record(next, note);
        if (_options.UseSearchAttributes)
        {
            Workflow.UpsertTypedSearchAttributes(KarmaSearchAttributes.State.ValueSet(next.ToWire()));
        }
    }

    private void Record(ChangeState state, string? note)
    {
        note = note is null ? null : _redactor.RedactText(note);
        _timeline.Add(new TimelineEntry(Workflow.UtcNow, state, note));
        Workflow.CurrentDetails = $"**{state.ToWire()}**{(note is null ? string.Empty : $" — {note}")}" +
            (_plan is null ? string.Empty : $"\n\nplan: {_plan.Summary}");
    }

    private void Note(string note) => _timeline.Add(new TimelineEntry(Workflow.UtcNow, _state, _redactor.RedactText(note)));

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create("(not JSON)");
        }
    }
}
