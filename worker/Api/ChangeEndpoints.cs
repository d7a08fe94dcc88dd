using System.Text.Json;
using Karma.Core.Analysis;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows;

namespace Karma.Worker.Api;

/// <summary>
/// Change routes: every one goes through <see cref="KarmaWorkflowClient"/> (the Temporal facade). A change is found by id
/// alone (through visibility); <c>?component=&lt;type&gt;/&lt;nickname&gt;</c>, which the returned links carry, skips that lookup.
/// </summary>
internal static class ChangeEndpoints
{
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 500;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/request-change", RequestChangeAsync).RequireRole(ApiRoles.Proposer).WithTags("Changes").WithName("RequestChange");
        api.MapPost("/plan", PlanAsync).RequireRole(ApiRoles.Proposer).WithTags("Changes").WithName("PlanChange")
            .WithSummary("Dry run: impact and a real Terraform plan of the proposed config; nothing is approved, published, applied or committed.");
        var changes = api.MapGroup("/changes").WithTags("Changes");
        changes.MapGet("/", ListAsync).RequireRole(ApiRoles.Reader).WithName("ListChanges");
        changes.MapGet("/{id}", StatusAsync).RequireRole(ApiRoles.Reader).WithName("GetChange");
        changes.MapPost("/{id}/approve", (HttpContext http, string id, string? component, string? environment) =>
            VoteAsync(http, id, component, environment, approve: true)).RequireRole(ApiRoles.Approver).WithName("ApproveChange");
        changes.MapPost("/{id}/reject", (HttpContext http, string id, string? component, string? environment) =>
            VoteAsync(http, id, component, environment, approve: false)).RequireRole(ApiRoles.Approver).WithName("RejectChange");
        changes.MapPost("/{id}/cancel", CancelAsync).RequireRole(ApiRoles.Proposer).WithName("CancelChange");
    }

    private static async Task<IResult> RequestChangeAsync(HttpContext http, string? environment)
    {
        var (context, workflows) = Services(http);
        var request = ChangeRequestBody.Parse(await ApiJsonBody.ReadObjectAsync(http), http.Caller(), context, environment);
        request.Validate();
        await ChangeTargetCheck.CheckAsync(http, request, componentMustExist: true);
        var enqueued = await workflows.ProposeAsync(request, context.ChangeOptions);
        var self = Link(request.ChangeId, request.Component, request.Environment, null);
        return Results.Accepted(self, new ChangeAccepted(
            enqueued.ChangeId, request.Component.ToString(), request.Environment, enqueued.ChangeWorkflowId, enqueued.Position,
            new ChangeLinks(self, Link(request.ChangeId, request.Component, request.Environment, "approve"),
                Link(request.ChangeId, request.Component, request.Environment, "reject"),
                Link(request.ChangeId, request.Component, request.Environment, "cancel"))));
    }

    /// <summary>
    /// A dry run: starts the plan workflow (outside the component's queue) and waits for it, bounded by <c>?wait=</c>
    /// seconds (default 30, at most 120). Finished in time → 200 with impact and plan; else 202 with the status link.
    /// </summary>
    private static async Task<IResult> PlanAsync(HttpContext http, string? environment, string? wait)
    {
        var (context, workflows) = Services(http);
        var timeout = PlanWait(wait);
        var parsed = ChangeRequestBody.Parse(await ApiJsonBody.ReadObjectAsync(http), http.Caller(), context, environment);

        // Dry runs are named plan-…; a change_id given without the prefix (or the generated api-…) gets it.
        var planId = ChangeKinds.IsPlanId(parsed.ChangeId) ? parsed.ChangeId : ChangeKinds.PlanIdPrefix + parsed.ChangeId;
        if (!ChangeIds.IsValid(planId))
        {
            throw ApiProblemException.BadField("change_id", $"{ApiEcho.Quote(planId)} (with the '{ChangeKinds.PlanIdPrefix}' prefix) is longer than 64 characters.");
        }

        var request = parsed with { ChangeId = planId, Kind = ChangeKind.Plan };
        request.Validate();
        await ChangeTargetCheck.CheckAsync(http, request, componentMustExist: false);
        var started = await workflows.PlanAsync(request, context.ChangeOptions);
        var self = Link(planId, request.Component, request.Environment, null);
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted))
        {
            limit.CancelAfter(timeout);
            try
            {
                await workflows.Temporal.GetWorkflowHandle<ChangeWorkflow, ChangeResult>(started.ChangeWorkflowId)
                    .GetResultAsync(rpcOptions: new Temporalio.Client.RpcOptions { CancellationToken = limit.Token });
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                return Results.Accepted(self, new PlanAccepted(planId, request.Component.ToString(), request.Environment, started.ChangeWorkflowId,
                    "running", new PlanLinks(self)));
            }
        }

        var status = await workflows.GetStatusAsync(request.Environment, request.Component, planId);
        var result = status.Result!;
        return Results.Ok(new PlanOutcome(planId, status.Component, status.Environment, started.ChangeWorkflowId, result.Status, status.Plan,
            result.AffectedComponents.Where(c => c != status.Component).ToList(), status.Warnings, result.Reason, new PlanLinks(self)));
    }

    private static TimeSpan PlanWait(string? wait)
    {
        if (wait is null)
        {
            return TimeSpan.FromSeconds(30);
        }

        return int.TryParse(wait, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds <= 120
            ? TimeSpan.FromSeconds(seconds)
            : throw ApiProblemException.BadField("wait", $"{ApiEcho.Quote(wait)} is not a number of seconds from 0 to 120.");
    }

    private static async Task<IResult> ListAsync(HttpContext http, string? component, string? state, string? limit, string? environment)
    {
        var (context, workflows) = Services(http);
        var env = context.EnvironmentFor(environment);
        var target = ChangeLookup.OptionalComponent(component);
        var search = new ChangeSearch(env, target, ChangeLookup.OptionalState(state), QueryParameters.Limit("limit", limit, DefaultListLimit, MaxListLimit));
        var changes = await workflows.SearchChangesAsync(search, http.RequestAborted);
        var queue = target is { } id ? await workflows.ListChangesAsync(env, id) : null;
        return Results.Ok(new ChangeListView(env, target?.ToString(), changes, queue));
    }

    private static async Task<IResult> StatusAsync(HttpContext http, string id, string? component, string? environment)
    {
        var (_, workflows) = Services(http);
        var change = await ChangeLookup.ResolveAsync(http, id, component, environment);
        return Results.Ok(await workflows.GetStatusAsync(change.Environment, change.Component, change.ChangeId));
    }

    private static async Task<IResult> VoteAsync(HttpContext http, string id, string? component, string? environment, bool approve)
    {
        var (_, workflows) = Services(http);
        var body = await ApiJsonBody.ReadObjectAsync(http, optional: true);
        ApiJsonBody.OnlyKnown(body, "comment");
        var change = await ChangeLookup.ResolveAsync(http, id, component, environment);
        var vote = new ApprovalVote(change.ChangeId, http.Caller().Identity, ChangeSource.Api, ApiJsonBody.OptionalString(body, "comment"));
        var answer = approve
            ? await workflows.ApproveAsync(change.Environment, change.Component, vote)
            : await workflows.RejectAsync(change.Environment, change.Component, vote);
        return Results.Ok(answer);
    }

    private static async Task<IResult> CancelAsync(HttpContext http, string id, string? component, string? environment)
    {
        var (_, workflows) = Services(http);
        var change = await ChangeLookup.ResolveAsync(http, id, component, environment);

        // Cancel a change that exists: a typo'd id must be a 404, not a silently accepted no-op.
        await workflows.GetStatusAsync(change.Environment, change.Component, change.ChangeId);
        await workflows.CancelAsync(change.Environment, change.Component, new ChangeCancellation(change.ChangeId, http.Caller().Identity, ChangeSource.Api));
        return Results.Accepted(Link(change.ChangeId, change.Component, change.Environment, null), new { change_id = change.ChangeId, status = "cancel_requested" });
    }

    private static (KarmaApiContext Context, KarmaWorkflowClient Workflows) Services(HttpContext http) =>
        (http.RequestServices.GetRequiredService<KarmaApiContext>(), http.RequestServices.GetRequiredService<KarmaWorkflowClient>());

    private static string Link(string changeId, ComponentId component, string environment, string? action) =>
        $"/changes/{Uri.EscapeDataString(changeId)}{(action is null ? string.Empty : "/" + action)}?component={Uri.EscapeDataString(component.ToString())}&environment={Uri.EscapeDataString(environment)}";
}

internal sealed record ChangeLinks(string Self, string Approve, string Reject, string Cancel);

internal sealed record ChangeAccepted(string ChangeId, string Component, string Environment, string WorkflowId, int QueuePosition, ChangeLinks Links);

/// <param name="Queue">The component's queue (running, waiting in order, recent results) when the list is for one component.</param>
internal sealed record ChangeListView(string Environment, string? Component, IReadOnlyList<ChangeSummary> Changes, ComponentQueueView? Queue);

internal sealed record PlanLinks(string Self);

/// <summary>A dry run still running when the wait ended: follow <see cref="PlanLinks.Self"/>.</summary>
internal sealed record PlanAccepted(string PlanId, string Component, string Environment, string WorkflowId, string Status, PlanLinks Links);

/// <param name="Status">planned, or why no plan was made: invalid, failed.</param>
/// <param name="AffectedComponents">The downstream components the change would affect (its impact).</param>
internal sealed record PlanOutcome(
    string PlanId,
    string Component,
    string Environment,
    string WorkflowId,
    string Status,
    Karma.Workflows.PlanView? Plan,
    IReadOnlyList<string> AffectedComponents,
    IReadOnlyList<string> Warnings,
    string? Reason,
    PlanLinks Links);
