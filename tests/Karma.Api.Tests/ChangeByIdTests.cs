using System.Net;
using System.Text.Json;
using Karma.Api.Tests.Infrastructure;

namespace Karma.Api.Tests;

/// <summary>
/// Changes listed across components and addressed by id alone (no <c>?component=</c>): the API locates them through
/// Temporal visibility and the open component queues, the same way the CLI does.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class ChangeByIdTests(TemporalServerFixture temporal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_of_every_component_are_listed_and_filtered_by_component_state_and_limit()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);

        await ChangeCalls.ProposeAsync(alice, "vpc/main", "l-vpc", """{"cidr":"10.1.0.0/16"}""");
        await ChangeCalls.WaitForStateAsync(alice, "/changes/l-vpc", "awaiting_approval");
        await ChangeCalls.ProposeAsync(alice, "lambda/fn", "l-fn", """{"vpc_nickname":"main","memory":256}""");
        await ChangeCalls.WaitForStateAsync(alice, "/changes/l-fn", "awaiting_approval");

        var all = await ListAsync(alice, "/changes");
        Assert.Equal(host.Env, all.GetProperty("environment").GetString());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("queue").ValueKind);
        var rows = all.GetProperty("changes").EnumerateArray().ToArray();
        Assert.Equal(["l-fn", "l-vpc"], rows.Select(r => r.GetProperty("change_id").GetString()!).ToArray());
        Assert.Equal(["lambda/fn", "vpc/main"], rows.Select(r => r.GetProperty("component").GetString()!).ToArray());
        Assert.All(rows, r =>
        {
            Assert.Equal("awaiting_approval", r.GetProperty("state").GetString());
            Assert.Equal("alice", r.GetProperty("requested_by").GetString());
            Assert.Equal(host.Env, r.GetProperty("environment").GetString());
        });

        Assert.Equal(["l-fn"], Ids(await ListAsync(alice, "/changes?state=awaiting_approval&limit=1")));
        Assert.Empty(Ids(await ListAsync(alice, "/changes?state=applied")));
        var oneComponent = await ListAsync(alice, "/changes?component=vpc/main");
        Assert.Equal(["l-vpc"], Ids(oneComponent));
        Assert.Equal("l-vpc", oneComponent.GetProperty("queue").GetProperty("running").GetProperty("change_id").GetString());

        // Another environment's changes are not listed.
        Assert.Empty(Ids(await ListAsync(alice, "/changes?environment=elsewhere")));
    }

    [Fact]
    public async Task Status_votes_and_cancel_work_with_the_change_id_alone_including_a_change_still_queued()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        using var bob = host.ClientWith(ApiHost.ApproverToken);

        await ChangeCalls.ProposeAsync(alice, "vpc/main", "id-first", """{"cidr":"10.2.0.0/16","outputs":{"vpc_id":"vpc-2","default_sg_id":"sg-1"}}""");
        var waiting = await ChangeCalls.WaitForStateAsync(alice, "/changes/id-first", "awaiting_approval");
        Assert.Equal("vpc/main", waiting.GetProperty("component").GetString());

        // Queued behind id-first: it has no workflow yet, so it is found in the component's queue.
        await ChangeCalls.ProposeAsync(alice, "vpc/main", "id-queued", """{"cidr":"10.3.0.0/16"}""");
        var queued = await ChangeCalls.WaitForStateAsync(alice, "/changes/id-queued", "queued");
        Assert.Equal(1, queued.GetProperty("queue_position").GetInt32());
        using (var cancel = await alice.PostAsync("/changes/id-queued/cancel", null, Ct))
        {
            Assert.Equal("cancel_requested", (await HttpAssert.JsonAsync(cancel, HttpStatusCode.Accepted)).GetProperty("status").GetString());
        }

        await ChangeCalls.WaitForStateAsync(alice, "/changes/id-queued", "cancelled");

        using (var approve = await bob.PostAsync("/changes/id-first/approve", ApiHost.Json("""{"comment":"by id"}"""), Ct))
        {
            await HttpAssert.JsonAsync(approve, HttpStatusCode.OK);
        }

        await ChangeCalls.WaitForStateAsync(alice, "/changes/id-first", "applied");

        await ChangeCalls.ProposeAsync(alice, "lambda/fn", "id-rejected", """{"vpc_nickname":"main","memory":512}""");
        await ChangeCalls.WaitForStateAsync(alice, "/changes/id-rejected", "awaiting_approval");
        using (var reject = await bob.PostAsync("/changes/id-rejected/reject", null, Ct))
        {
            await HttpAssert.JsonAsync(reject, HttpStatusCode.OK);
        }

        await ChangeCalls.WaitForStateAsync(alice, "/changes/id-rejected", "rejected");
        Assert.Equal(["id-rejected", "id-first"], Ids(await ListAsync(alice, "/changes")));

        using var unknown = await alice.PostAsync("/changes/id-never/cancel", null, Ct);
        await HttpAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    private static string[] Ids(JsonElement list) =>
        list.GetProperty("changes").EnumerateArray().Select(r => r.GetProperty("change_id").GetString()!).ToArray();
}
