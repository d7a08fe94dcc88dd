using System.Net;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Lifecycle;

namespace Karma.Api.Tests;

/// <summary>
/// Requests that conflict with a change's state or id, as a careless client sends them: votes and cancels on changes
/// that already ended, and a change_id reused for another proposal. Each is a 409 ProblemDetails saying why.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class ChangeConflictTests(TemporalServerFixture temporal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_or_approving_a_change_that_ended_is_a_409_naming_how_it_ended()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        using var bob = host.ClientWith(ApiHost.ApproverToken);

        var rejected = await ChangeCalls.ProposeAsync(alice, "vpc/main", "c-rejected", """{"cidr":"10.5.0.0/16"}""");
        await ChangeCalls.WaitForStateAsync(alice, Link(rejected, "self"), "awaiting_approval");
        using (var reject = await bob.PostAsync(Link(rejected, "reject"), ApiHost.Json("""{"comment":"no"}"""), Ct))
        {
            await HttpAssert.JsonAsync(reject, HttpStatusCode.OK);
        }

        await ChangeCalls.WaitForStateAsync(alice, Link(rejected, "self"), "rejected");
        await AssertEndedAsync(bob.PostAsync(Link(rejected, "approve"), null, Ct), "change c-rejected already ended: rejected");
        await AssertEndedAsync(alice.PostAsync(Link(rejected, "cancel"), null, Ct), "change c-rejected already ended: rejected");
        await AssertEndedAsync(alice.PostAsync("/changes/c-rejected/cancel", null, Ct), "change c-rejected already ended: rejected");

        var cancelled = await ChangeCalls.ProposeAsync(alice, "vpc/main", "c-cancelled", """{"cidr":"10.6.0.0/16"}""");
        await ChangeCalls.WaitForStateAsync(alice, Link(cancelled, "self"), "awaiting_approval");
        using (var cancel = await alice.PostAsync(Link(cancelled, "cancel"), null, Ct))
        {
            await HttpAssert.JsonAsync(cancel, HttpStatusCode.Accepted);
        }

        await ChangeCalls.WaitForStateAsync(alice, Link(cancelled, "self"), "cancelled");
        await AssertEndedAsync(alice.PostAsync(Link(cancelled, "cancel"), null, Ct), "change c-cancelled already ended: cancelled");

        var unchanged = await ChangeCalls.ProposeAsync(alice, "vpc/main", "c-same", SampleSystem.VpcConfig);
        await ChangeCalls.WaitForStateAsync(alice, Link(unchanged, "self"), "no_changes");
        await AssertEndedAsync(alice.PostAsync(Link(unchanged, "cancel"), null, Ct), "change c-same already ended: no_changes");
    }

    [Fact]
    public async Task A_reused_change_id_is_a_retry_with_the_same_body_and_a_409_with_another()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);

        var first = await ChangeCalls.ProposeAsync(alice, "vpc/main", "c-reused", """{"cidr":"10.7.0.0/16"}""");
        await ChangeCalls.WaitForStateAsync(alice, Link(first, "self"), "awaiting_approval");

        var retry = await ChangeCalls.ProposeAsync(alice, "vpc/main", "c-reused", """{ "cidr": "10.7.0.0/16" }""");
        Assert.Equal(("c-reused", 0), (retry.GetProperty("change_id").GetString(), retry.GetProperty("queue_position").GetInt32()));

        using var other = await alice.PostAsync("/request-change",
            ApiHost.Json("""{"component":"vpc/main","proposed_change":{"cidr":"10.99.0.0/16"},"reason":"test","change_id":"c-reused"}"""), Ct);
        var problem = await HttpAssert.ProblemAsync(other, HttpStatusCode.Conflict);
        Assert.Equal("change_id", problem.GetProperty("field").GetString());
        Assert.Contains("change_id 'c-reused' is already used by another proposal (its proposed_change differs)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The config that was proposed first is the one waiting for approval.
        using var status = await alice.GetAsync(Link(first, "self"), Ct);
        Assert.Equal("awaiting_approval", (await HttpAssert.JsonAsync(status, HttpStatusCode.OK)).GetProperty("state").GetString());
        using (await alice.PostAsync(Link(first, "cancel"), null, Ct))
        {
        }
    }

    private static string Link(System.Text.Json.JsonElement accepted, string name) =>
        accepted.GetProperty("links").GetProperty(name).GetString()!;

    private static async Task AssertEndedAsync(Task<HttpResponseMessage> call, string detail)
    {
        using var response = await call;
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }
}
