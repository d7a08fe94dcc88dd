using System.Net;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Ports;

namespace Karma.Api.Tests;

/// <summary>
/// What <c>POST /request-change</c> and <c>POST /plan</c> refuse before they start anything: an environment that is not
/// in the config repo (or not the one Parameter Store belongs to), and, for a change, a component the environment does
/// not have. Nothing is started, published or planned.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class ChangeTargetTests(TemporalServerFixture temporal)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_environment_not_in_the_config_repo_is_a_404_naming_it_and_the_known_ones_and_nothing_starts()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client);
        await SampleSystem.DeployAsync(host);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        var before = await host.Parameters.GetAsync("/iac/vpc/main/config", false, Ct);

        foreach (var route in new[] { "/request-change", "/plan" })
        {
            using var response = await alice.PostAsync(route, ApiHost.Json(
                """{"component":"vpc/main","proposed_change":{"cidr":"10.1.0.0/16"},"change_id":"c-typo","environment":"nosuchenv"}"""), Ct);
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, "environment");
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("unknown environment 'nosuchenv'", detail, StringComparison.Ordinal);
            Assert.Contains($"Environments present: {host.Env}", detail, StringComparison.Ordinal);
        }

        foreach (var id in new[] { "c-typo", "plan-c-typo" })
        {
            using var status = await alice.GetAsync($"/changes/{id}?component=vpc/main&environment=nosuchenv", Ct);
            await HttpAssert.ProblemAsync(status, HttpStatusCode.NotFound);
        }

        Assert.Equal(before.Version, (await host.Parameters.GetAsync("/iac/vpc/main/config", false, Ct)).Version);
    }

    [Fact]
    public async Task An_environment_other_than_the_accounts_own_is_refused()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        await host.DeployedAsync(SampleSystem.Vpc, SampleSystem.VpcConfig);
        await host.Parameters.PutAsync(new ParameterWrite("/iac/environment", """{"name":"acme-prod","environment":"prod"}""", Overwrite: true), Ct);
        using var alice = host.ClientWith(ApiHost.ProposerToken);

        using var response = await alice.PostAsync("/request-change", ApiHost.Json("""{"component":"vpc/main","proposed_change":{"cidr":"10.1.0.0/16"}}"""), Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, "environment");
        Assert.Contains("/iac/environment says 'prod'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_to_a_component_the_environment_does_not_have_is_a_404_naming_it()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        await host.DeployedAsync(SampleSystem.Vpc, SampleSystem.VpcConfig);
        using var alice = host.ClientWith(ApiHost.ProposerToken);

        using var response = await alice.PostAsync("/request-change",
            ApiHost.Json("""{"component":"vpc/nope","proposed_change":{"cidr":"10.1.0.0/16"},"change_id":"c-nope"}"""), Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound, "component");
        Assert.Contains($"vpc/nope is not a component of {host.Env}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var status = await alice.GetAsync("/changes/c-nope?component=vpc/nope", Ct);
        await HttpAssert.ProblemAsync(status, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"component":"vpc/main vpc","proposed_change":{}}""", "component", "has a nickname that contains U+0020 at position 5")]
    [InlineData("""{"component":"vpc/main","proposed_change":{},"environment":".dev"}""", "environment", "starts with '.': the first character must be a letter or a digit")]
    [InlineData("""{"component":"vpc/main","proposed_change":{},"change_id":"c_1!"}""", "change_id", "contains '!' at position 4")]
    public async Task A_bad_name_says_which_naming_rule_it_broke(string body, string field, string rule)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var alice = host.ClientWith(ApiHost.ProposerToken);

        using var response = await alice.PostAsync("/request-change", ApiHost.Json(body), Ct);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Contains(rule, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
