using System.Text.Json.Nodes;
using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Karma.Workflows;

/// <summary>
/// After an apply changed runtime values, re-plans and applies the dependents that read a changed value, wave by wave
/// (topological layers: a dependent runs only after the providers it reads were applied), in bounded parallel within
/// a wave. Dependents whose consumed values did not change are skipped, so nothing loops. One approval covers the
/// rollout by default (configurable per wave). The first failed wave stops the rollout.
/// </summary>
[Workflow]
public sealed class RolloutWorkflow
{
    private readonly List<RolloutWaveView> _waves = [];
    private readonly List<RecordedApproval> _approvals = [];
    private readonly List<string> _pendingPlans = [];
    private readonly RolloutInput _input;
    private ApprovalPolicy _policy = ApprovalPolicy.Default;
    private string _state = "planning";
    private string _approvalKey = string.Empty;
    private int _required = 1;
    private ApprovalVote? _rejection;
    private int _auditSequence;

    [WorkflowInit]
    public RolloutWorkflow(RolloutInput input) => _input = input;

    [WorkflowRun]
    public async Task<RolloutResult> RunAsync(RolloutInput input)
    {
        var result = await RunWavesAsync(input);

        // A vote being audited (its handler awaits an activity) finishes before the run does.
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
        return result;
    }

    private async Task<RolloutResult> RunWavesAsync(RolloutInput input)
    {
        var options = input.Options;
        _policy = await Workflow.ExecuteActivityAsync(
            (ConfigActivities a) => a.GetApprovalPolicy(input.Environment),
            LifecycleActivityOptions.Quick(options, $"approval policy of {input.Environment}"));
        var graph = await Workflow.ExecuteActivityAsync(
            (ImpactActivities a) => a.PlanRolloutAsync(new RolloutGraphInput(input.Environment, input.Origin)),
            LifecycleActivityOptions.Quick(options, $"rollout graph below {input.Origin}"));

        var changed = new Dictionary<ComponentId, IReadOnlyList<string>> { [input.Origin] = input.ChangedKeys };
        var applied = new List<string>();
        var skipped = new List<RolloutSkip>();
        var approvedOnce = false;
        var number = 0;
        foreach (var wave in graph.Waves)
        {
            number++;
            var waveSkips = new List<RolloutSkip>();
            var due = new List<ComponentId>();
            foreach (var member in wave.Select(m => graph.Members.First(x => x.Component == m)))
            {
                if (SkipReason(member, changed) is { } reason)
                {
                    waveSkips.Add(new RolloutSkip(member.Component.ToString(), reason));
                }
                else
                {
                    due.Add(member.Component);
                }
            }

            if (due.Count == 0)
            {
                skipped.AddRange(waveSkips);
                _waves.Add(View(number, wave, [], waveSkips, "skipped"));
                continue;
            }

            _state = $"planning wave {number}";
            var plans = await InBatchesAsync(due, options.Rollout.MaxParallel, m => Workflow.ExecuteActivityAsync(
                (TerraformLifecycleActivities a) => a.PlanChangeAsync(new PlanChangeInput(input.Environment, m, null)),
                LifecycleActivityOptions.Terraform(options, $"terraform plan {m} (rollout)")));
            var toApply = new List<(ComponentId Member, PlanDigest Plan)>();
            foreach (var (member, plan) in due.Zip(plans))
            {
                if (PlanSkipReason(graph.Members.First(x => x.Component == member), plan) is { } reason)
                {
                    waveSkips.Add(new RolloutSkip(member.ToString(), reason));
                }
                else
                {
                    toApply.Add((member, plan));
                }
            }

            skipped.AddRange(waveSkips);
            _waves.Add(View(number, wave, toApply.Select(p => p.Member).ToList(), waveSkips, toApply.Count == 0 ? "skipped" : "planned"));
            if (toApply.Count == 0)
            {
                continue;
            }

            if (!approvedOnce || options.Rollout.ApprovalPerWave)
            {
                var ended = await AwaitApprovalAsync(number, toApply.Select(p => p.Plan).ToList());
                if (ended is not null)
                {
                    _state = ended;
                    return Result(ended, applied, skipped, number - 1, $"wave {number} was {ended}");
                }

                approvedOnce = true;
            }

            _state = $"applying wave {number}";
            try
            {
                var outcomes = await InBatchesAsync(toApply, options.Rollout.MaxParallel, p => Workflow.ExecuteActivityAsync(
                    (TerraformLifecycleActivities a) => a.ApplyApprovedPlanAsync(new ApplyPlanInput(input.Environment, p.Member, null, p.Plan)),
                    LifecycleActivityOptions.Terraform(options, $"terraform apply {p.Member} (rollout)")));
                var stale = toApply.Zip(outcomes).Where(o => o.Second.Kind == ApplyOutcomeKind.Stale).Select(o => o.First.Member.ToString()).ToList();
                applied.AddRange(toApply.Zip(outcomes).Where(o => o.Second.Kind == ApplyOutcomeKind.Applied).Select(o => o.First.Member.ToString()));
                if (stale.Count > 0)
                {
                    return Fail(number, applied, skipped, $"wave {number}: the plans of {string.Join(", ", stale)} went stale before apply; nothing unapproved was applied");
                }

                var runtimes = await InBatchesAsync(toApply, options.Rollout.MaxParallel, p => Workflow.ExecuteActivityAsync(
                    (TerraformLifecycleActivities a) => a.PublishRuntimeAsync(new PublishRuntimeInput(
                        input.Environment, p.Member, null, graph.Members.First(x => x.Component == p.Member).RuntimeJson)),
                    LifecycleActivityOptions.Terraform(options, $"publish runtime of {p.Member} (rollout)")));
                foreach (var (member, runtime) in toApply.Select(p => p.Member).Zip(runtimes))
                {
                    changed[member] = runtime.ChangedKeys;
                }
            }
            catch (ActivityFailureException e)
            {
                return Fail(number, applied, skipped, $"wave {number} failed: {e.InnerException?.Message ?? e.Message}");
            }

            _waves[^1] = _waves[^1] with { State = "applied" };
        }

        _state = "applied";
        return Result("applied", applied, skipped, number, null);
    }

    [WorkflowQuery]
    public RolloutStatus Status => new(
        _input.ChangeId,
        _input.Origin.ToString(),
        _state,
        _waves,
        _approvals.Where(a => a.PlanFingerprint == _approvalKey).Select(a => $"{a.User} via {a.Source.ToWire()}").ToList(),
        _required,
        _pendingPlans);

    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(ApprovalVote vote)
    {
        EnsureAwaiting(vote);
        var check = ApprovalEvaluator.CheckApproval(_policy, _input.RequestedBy, vote, _approvals.Where(a => a.PlanFingerprint == _approvalKey));
        if (!check.Allowed)
        {
            throw new ApplicationFailureException(check.Reason!, "ApprovalRefused", nonRetryable: true);
        }
    }

    [WorkflowUpdate]
    public async Task<ApprovalAnswer> ApproveAsync(ApprovalVote vote)
    {
        var key = _approvalKey;
        _approvals.Add(new RecordedApproval(vote.User, vote.Source, Workflow.UtcNow, key, vote.Comment));
        var count = _approvals.Count(a => a.PlanFingerprint == key);
        var answer = new ApprovalAnswer(ChangeState.AwaitingApproval, count, _required, $"{count} of {_required} approvals");
        await AuditVoteAsync(vote, "approved", key);
        return answer;
    }

    [WorkflowUpdateValidator(nameof(RejectAsync))]
    public void ValidateReject(ApprovalVote vote)
    {
        EnsureAwaiting(vote);
        var check = ApprovalEvaluator.CheckRejection(_policy, _input.RequestedBy, vote);
        if (!check.Allowed)
        {
            throw new ApplicationFailureException(check.Reason!, "RejectionRefused", nonRetryable: true);
        }
    }

    [WorkflowUpdate]
    public async Task<ApprovalAnswer> RejectAsync(ApprovalVote vote)
    {
        var key = _approvalKey;
        _rejection ??= vote;
        var answer = new ApprovalAnswer(ChangeState.Rejected, 0, _required, "rejected");
        await AuditVoteAsync(vote, "rejected", key);
        return answer;
    }

    private static bool ReadsChangedValue(RolloutMember member, Dictionary<ComponentId, IReadOnlyList<string>> changed) =>
        member.Reads.Any(read => changed.TryGetValue(read.Provider, out var keys) && keys.Count > 0 &&
            (read.Keys.Count == 0 || read.Keys.Intersect(keys, StringComparer.Ordinal).Any()));

    /// <summary>Why a member need not be planned at all, or null when it must be.</summary>
    private static string? SkipReason(RolloutMember member, Dictionary<ComponentId, IReadOnlyList<string>> changed) =>
        !ReadsChangedValue(member, changed) ? "its consumed values did not change"
        : member.NeverApplied is { } neverApplied ? neverApplied
        : null;

    /// <summary>Why a planned member is not applied, or null when its plan goes to approval.</summary>
    private static string? PlanSkipReason(RolloutMember member, PlanDigest plan)
    {
        if (!plan.HasChanges)
        {
            return "no changes";
        }

        // No runtime and a plan that would only create: the member exists in config but was never applied, so there is
        // nothing to roll out; creating it is a change of its own, reviewed as such. Histories from before this rule
        // had such members planned for approval, so the rule is patched in.
        var createsFromScratch = !member.HasRuntime && plan.Add > 0 && plan.Change == 0 && plan.Destroy == 0;
        return createsFromScratch && Workflow.Patched(WorkflowPatches.RolloutSkipsNeverApplied)
            ? "never applied: it has no runtime and its plan would only create resources"
            : null;
    }

    private static RolloutResult Result(string status, List<string> applied, List<RolloutSkip> skipped, int wavesRun, string? reason) =>
        new(status, applied, skipped.Select(s => s.Component).ToList(), wavesRun, reason, skipped.ToList());

    private static RolloutWaveView View(int number, IEnumerable<ComponentId> members, IEnumerable<ComponentId> planned, IReadOnlyList<RolloutSkip> skipped, string state) =>
        new(number, members.Select(m => m.ToString()).ToList(), planned.Select(m => m.ToString()).ToList(),
            skipped.Select(s => s.Component).ToList(), state, skipped.ToList());

    private static async Task<List<TResult>> InBatchesAsync<TItem, TResult>(IReadOnlyList<TItem> items, int parallel, Func<TItem, Task<TResult>> run)
    {
        var results = new List<TResult>();
        foreach (var batch in items.Chunk(Math.Max(1, parallel)))
        {
            results.AddRange(await Workflow.WhenAllAsync(batch.Select(run)));
        }

        return results;
    }

    private RolloutResult Fail(int wave, List<string> applied, List<RolloutSkip> skipped, string reason)
    {
        _state = "failed";
        _waves[^1] = _waves[^1] with { State = "failed" };
        return Result("failed", applied, skipped, wave, reason);
    }

    private async Task<string?> AwaitApprovalAsync(int wave, List<PlanDigest> plans)
    {
        // One key for the whole set of plans: an approval covers exactly these plans (and, by default, later waves).
        _approvalKey = $"wave{wave}:" + string.Join(',', plans.Select(p => p.Fingerprint));
        _required = _policy.RequiredApprovals + (_policy.ExtraApprovalWhenDestroying && plans.Any(p => p.Destroy > 0) ? 1 : 0);
        _pendingPlans.Clear();
        _pendingPlans.AddRange(plans.Select(p => p.Summary));
        _state = "awaiting_approval";
        var input = _input;
        var notification = new ChangeNotification(ChangeNotificationKind.ApprovalNeeded, input.Environment, input.Origin.ToString(),
            input.ChangeId, Workflow.Info.WorkflowId, input.RequestedBy,
            $"rollout wave {wave}: {plans.Count} dependent plan(s) need approval", string.Join("; ", _pendingPlans));
        await Workflow.ExecuteActivityAsync(
            (NotificationActivities a) => a.NotifyAsync(notification),
            LifecycleActivityOptions.Quick(input.Options, "notify rollout approval"));
        var approved = await Workflow.WaitConditionAsync(
            () => _rejection is not null || _approvals.Count(a => a.PlanFingerprint == _approvalKey) >= _required,
            input.Options.ApprovalTimeout);
        _pendingPlans.Clear();
        return _rejection is not null ? "rejected" : approved ? null : "expired";
    }

    /// <summary>Audits a vote on the rollout (who, how, when, which wave's plans); runs from before votes were audited do not.</summary>
    private async Task AuditVoteAsync(ApprovalVote vote, string decision, string approvalKey)
    {
        if (!Workflow.Patched(WorkflowPatches.VotesAudited))
        {
            return;
        }

        var input = _input;
        var entry = new AuditEntry($"{input.ChangeId}-rollout-{++_auditSequence}", Workflow.UtcNow, AuditActions.Approval, input.Origin.ToString(),
            vote.User, vote.Source.ToWire(), new JsonObject
            {
                ["rollout"] = true,
                ["comment"] = vote.Comment,
                ["plans"] = new JsonArray([.. _pendingPlans.Select(p => JsonValue.Create(p))]),
                ["approval_key"] = approvalKey,
            }, decision, input.ChangeId).Redacted();
        await Workflow.ExecuteActivityAsync(
            (AuditActivities a) => a.AppendAuditAsync(entry),
            LifecycleActivityOptions.Quick(input.Options, $"audit rollout {decision}", CancellationToken.None));
    }

    private void EnsureAwaiting(ApprovalVote vote)
    {
        if (vote.ChangeId != _input.ChangeId || _state != "awaiting_approval")
        {
            throw new ApplicationFailureException($"rollout of change {_input.ChangeId} is {_state}, not awaiting approval for change {vote.ChangeId}.",
                "ApprovalRefused", nonRetryable: true);
        }
    }
}
