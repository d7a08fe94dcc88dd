using System.Net;
using System.Text.Json;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Workflows;

namespace Karma.Api.Tests;

/// <summary>Change routes through the real workflow client, temporal-dev and a worker with the real lifecycle activities.</summary>
[Collection(TemporalServerGroup.Name)]
public sealed class ChangeRouteTests(TemporalServerFixture temporal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_requested_change_is_accepted_awaits_approval_and_applies_after_an_api_approval()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        using var bob = host.ClientWith(ApiHost.ApproverToken);

        var accepted = await ProposeAsync(alice, "c-approve", """{"cidr":"10.0.0.0/16","outputs":{"vpc_id":"vpc-2","default_sg_id":"sg-1"}}""");
        Assert.Equal("c-approve", accepted.GetProperty("change_id").GetString());
        Assert.Equal("vpc/main", accepted.GetProperty("component").GetString());
        var self = accepted.GetProperty("links").GetProperty("self").GetString()!;
        Assert.Equal($"/changes/c-approve?component=vpc%2Fmain&environment={host.Env}", self);

        var waiting = await WaitForStateAsync(alice, self, "awaiting_approval");
        Assert.Equal("alice", waiting.GetProperty("requested_by").GetString());

        // The proposer may not approve (the role filter refuses it before the workflow would).
        using (var selfApprove = await alice.PostAsync(accepted.GetProperty("links").GetProperty("approve").GetString(), null, Ct))
        {
            await HttpAssert.ProblemAsync(selfApprove, HttpStatusCode.Forbidden);
        }

        using var approve = await bob.PostAsync(accepted.GetProperty("links").GetProperty("approve").GetString(), ApiHost.Json("""{"comment":"lgtm"}"""), Ct);
        await HttpAssert.JsonAsync(approve, HttpStatusCode.OK);
        await WaitForStateAsync(alice, self, "applied");

        // The audit trail shows the API as the source and alice as the proposer; the graph reflects the new runtime.
        using var log = await alice.GetAsync("/log?component=vpc/main&change_id=c-approve", Ct);
        var entries = (await HttpAssert.JsonAsync(log, HttpStatusCode.OK)).GetProperty("entries").EnumerateArray().ToArray();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == AuditActions.ChangeRequested && e.GetProperty("user").GetString() == "alice");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == AuditActions.ChangeFinished);

        // The queue records the result when its child workflow reports back, a moment after the change's own state.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var list = await alice.GetAsync("/changes?component=vpc/main", Ct);
            var queue = (await HttpAssert.JsonAsync(list, HttpStatusCode.OK)).GetProperty("queue");
            if (queue.GetProperty("recent").EnumerateArray().Any(r => r.GetProperty("change_id").GetString() == "c-approve"))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"c-approve never listed as recent: {queue}");
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task Reject_and_cancel_end_the_change()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        using var bob = host.ClientWith(ApiHost.ApproverToken);

        var rejected = await ProposeAsync(alice, "c-reject", """{"cidr":"10.5.0.0/16"}""");
        var rejectedSelf = rejected.GetProperty("links").GetProperty("self").GetString()!;
        await WaitForStateAsync(alice, rejectedSelf, "awaiting_approval");
        using (var reject = await bob.PostAsync(rejected.GetProperty("links").GetProperty("reject").GetString(), ApiHost.Json("""{"comment":"no"}"""), Ct))
        {
            await HttpAssert.JsonAsync(reject, HttpStatusCode.OK);
        }

        await WaitForStateAsync(alice, rejectedSelf, "rejected");

        var cancelled = await ProposeAsync(alice, "c-cancel", """{"cidr":"10.6.0.0/16"}""");
        var cancelledSelf = cancelled.GetProperty("links").GetProperty("self").GetString()!;
        await WaitForStateAsync(alice, cancelledSelf, "awaiting_approval");
        using (var cancel = await alice.PostAsync(cancelled.GetProperty("links").GetProperty("cancel").GetString(), null, Ct))
        {
            await HttpAssert.JsonAsync(cancel, HttpStatusCode.Accepted);
        }

        await WaitForStateAsync(alice, cancelledSelf, "cancelled");

        // Voting on a finished change is a conflict with how it ended, never 2xx or a 404.
        using var late = await bob.PostAsync(rejected.GetProperty("links").GetProperty("approve").GetString(), null, Ct);
        var problem = await HttpAssert.ProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Equal("change c-reject already ended: rejected", problem.GetProperty("detail").GetString());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{not json", "body" },
        { "[1,2]", "body" },
        { "", "body" },
        { """{"proposed_change":{}}""", "component" },
        { """{"component":"vpc","proposed_change":{}}""", "component" },
        { """{"component":42,"proposed_change":{}}""", "component" },
        { """{"component":"vpc/main"}""", "proposed_change" },
        { """{"component":"vpc/main","proposed_change":"cidr=1"}""", "proposed_change" },
        { """{"component":"vpc/main","proposed_change":{},"reason":7}""", "reason" },
        { """{"component":"vpc/main","proposed_change":{},"change_id":"has space"}""", "change_id" },
        { """{"component":"vpc/main","proposed_change":{},"environment":"a/b"}""", "environment" },
        { """{"component":"vpc/main","proposed_change":{},"proposed_changes":{}}""", "proposed_changes" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_request_bodies_are_400s_naming_the_field(string body, string field)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        foreach (var route in new[] { "/request-change", "/plan" })
        {
            using var response = await alice.PostAsync(route, ApiHost.Json(body), Ct);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, field);
        }
    }

    [Fact]
    public async Task Identity_comes_from_the_token_and_oversized_bodies_are_refused()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, maxBodyBytes: 2048, temporalWorker: false);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        using (var impersonate = await alice.PostAsync("/request-change",
            ApiHost.Json("""{"component":"vpc/main","proposed_change":{},"requested_by":"mallory"}"""), Ct))
        {
            await HttpAssert.ProblemAsync(impersonate, HttpStatusCode.Forbidden, "requested_by");
        }

        var big = $$$"""{"component":"vpc/main","proposed_change":{"blob":"{{{new string('x', 4096)}}}"}}""";
        using var tooLarge = await alice.PostAsync("/request-change", ApiHost.Json(big), Ct);
        await HttpAssert.ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task Bad_change_parameters_are_400s_and_unknown_changes_are_404()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var bob = host.ClientWith(ApiHost.ApproverToken);
        foreach (var (path, field) in new[]
        {
            ("/changes?component=vpc", "component"), ("/changes?state=sleeping", "state"), ("/changes?limit=0", "limit"),
            ("/changes?limit=x", "limit"), ("/changes/c-1?component=vpc", "component"), ("/changes/has%20space", "id"),
        })
        {
            using var r = await bob.GetAsync(path, Ct);
            await HttpAssert.ProblemAsync(r, HttpStatusCode.BadRequest, field);
        }

        foreach (var path in new[] { "/changes/never-proposed?component=vpc/main", "/changes/never-proposed" })
        {
            using var r = await bob.GetAsync(path, Ct);
            await HttpAssert.ProblemAsync(r, HttpStatusCode.NotFound);
        }

        foreach (var path in new[] { "/changes/never-proposed/approve?component=vpc/main", "/changes/never-proposed/approve", "/changes/never-proposed/reject" })
        {
            using var r = await bob.PostAsync(path, null, Ct);
            await HttpAssert.ProblemAsync(r, HttpStatusCode.NotFound);
        }

        using (var r = await bob.PostAsync("/changes/c-1/approve?component=vpc/main", ApiHost.Json("""{"vote":"yes"}"""), Ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.BadRequest, "vote");
        }
    }

    [Fact]
    public async Task A_burst_of_requests_becomes_exactly_one_change_each_and_retries_are_not_duplicated()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        var components = new[] { "vpc/main", "lambda/fn", "serverless-api/api" };
        var requests = Enumerable.Range(0, 40).Select(i => (Component: components[i % components.Length], Id: $"burst-{i}")).ToArray();

        // Every request is sent twice concurrently (a client retry): both must answer 202 for the same single change.
        var responses = await Task.WhenAll(requests.Concat(requests).Select(async r =>
        {
            using var response = await alice.PostAsync("/request-change",
                ApiHost.Json($$"""{"component":"{{r.Component}}","proposed_change":{"n":"{{r.Id}}"},"change_id":"{{r.Id}}"}"""), Ct);
            return (r.Id, response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }));
        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.Accepted, r.Body));

        var seen = new List<string>();
        foreach (var component in components)
        {
            using var list = await alice.GetAsync($"/changes?component={component}", Ct);
            var queue = (await HttpAssert.JsonAsync(list, HttpStatusCode.OK)).GetProperty("queue");
            if (queue.GetProperty("running").ValueKind == JsonValueKind.Object)
            {
                seen.Add(queue.GetProperty("running").GetProperty("change_id").GetString()!);
            }

            seen.AddRange(queue.GetProperty("queued").EnumerateArray().Select(q => q.GetProperty("change_id").GetString()!));
            seen.AddRange(queue.GetProperty("recent").EnumerateArray().Select(q => q.GetProperty("change_id").GetString()!));
        }

        Assert.Equal(requests.Select(r => r.Id).Order(), seen.Order());
    }

    private static Task<JsonElement> ProposeAsync(HttpClient client, string changeId, string config) =>
        ChangeCalls.ProposeAsync(client, "vpc/main", changeId, config);

    private static Task<JsonElement> WaitForStateAsync(HttpClient client, string statusLink, string state) =>
        ChangeCalls.WaitForStateAsync(client, statusLink, state);
}
