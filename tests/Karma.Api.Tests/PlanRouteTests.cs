using System.Net;
using Karma.Api.Tests.Infrastructure;

namespace Karma.Api.Tests;

/// <summary><c>POST /plan</c>: the real dry-run workflow through temporal-dev and the lifecycle worker (terraform simulated).</summary>
[Collection(TemporalServerGroup.Name)]
public sealed class PlanRouteTests(TemporalServerFixture temporal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_runs_the_dry_run_and_answers_impact_and_plan_without_changing_anything()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        var configBefore = await host.Parameters.GetAsync("/iac/vpc/main/config", false, Ct);

        using var response = await alice.PostAsync("/plan",
            ApiHost.Json("""{"component":"vpc/main","proposed_change":{"cidr":"10.7.0.0/16","outputs":{"vpc_id":"vpc-1","default_sg_id":"sg-1"}},"change_id":"p1"}"""), Ct);
        var outcome = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("plan-p1", outcome.GetProperty("plan_id").GetString());
        Assert.Equal("planned", outcome.GetProperty("status").GetString());
        Assert.Equal(1, outcome.GetProperty("plan").GetProperty("change").GetInt32());
        Assert.Equal("0 to add, 1 to change, 0 to destroy", outcome.GetProperty("plan").GetProperty("summary").GetString());
        Assert.Equal(["lambda/fn", "serverless-api/api"], HttpAssert.Strings(outcome.GetProperty("affected_components")));
        Assert.Equal($"karma/{host.Env}/vpc/main/plan-p1", outcome.GetProperty("workflow_id").GetString());

        // The status link reads the finished dry run; nothing was published or applied.
        using var status = await alice.GetAsync(outcome.GetProperty("links").GetProperty("self").GetString(), Ct);
        Assert.Equal("planned", (await HttpAssert.JsonAsync(status, HttpStatusCode.OK)).GetProperty("state").GetString());
        Assert.Equal(configBefore.Version, (await host.Parameters.GetAsync("/iac/vpc/main/config", false, Ct)).Version);
        Assert.False(host.Terraform.Applies.ContainsKey(SampleSystem.Vpc));
        Assert.DoesNotContain(await host.Audit.ReadAllAsync(Ct), e => e.ChangeId == "plan-p1");
    }

    [Fact]
    public async Task With_wait_zero_the_plan_is_accepted_and_followed_through_its_link()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);

        using var response = await alice.PostAsync("/plan?wait=0", ApiHost.Json("""{"component":"lambda/fn","proposed_change":{"vpc_nickname":"main","memory":256}}"""), Ct);
        var accepted = await HttpAssert.JsonAsync(response, HttpStatusCode.Accepted);
        var self = accepted.GetProperty("links").GetProperty("self").GetString()!;

        Assert.StartsWith("plan-api-", accepted.GetProperty("plan_id").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(self, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var status = await alice.GetAsync(self, Ct);
            var body = await status.Content.ReadAsStringAsync(Ct);
            if (status.StatusCode == HttpStatusCode.OK && body.Contains("\"state\":\"planned\"", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the dry run never finished: {(int)status.StatusCode} {body}");
            await Task.Delay(100, Ct);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("121")]
    [InlineData("soon")]
    public async Task A_bad_wait_is_a_400_naming_it(string wait)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var alice = host.ClientWith(ApiHost.ProposerToken);

        using var response = await alice.PostAsync($"/plan?wait={wait}", ApiHost.Json("""{"component":"vpc/main","proposed_change":{}}"""), Ct);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "wait");
    }
}
