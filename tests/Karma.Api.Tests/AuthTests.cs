using System.Net;
using Karma.Api.Tests.Infrastructure;
using Karma.Worker.Api;

namespace Karma.Api.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class AuthTests(TemporalServerFixture temporal)
{
    private const string Change = """{"component":"vpc/main","proposed_change":{"cidr":"10.9.0.0/16"}}""";

    public static TheoryData<string, string> ReadRoutes => new()
    {
        { "GET", "/graph" },
        { "GET", "/graph/components/vpc/main" },
        { "GET", "/graph/query/downstream/vpc/main" },
        { "GET", "/graph/query/orphans" },
        { "GET", "/graph/query/drift" },
        { "GET", "/changes?component=vpc/main" },
        { "GET", "/changes/x1?component=vpc/main" },
        { "GET", "/log" },
        { "POST", "/request-change" },
        { "POST", "/plan" },
        { "POST", "/changes/x1/approve?component=vpc/main" },
        { "POST", "/changes/x1/reject?component=vpc/main" },
        { "POST", "/changes/x1/cancel?component=vpc/main" },
    };

    [Theory]
    [MemberData(nameof(ReadRoutes))]
    public async Task Every_route_but_the_probes_needs_a_valid_bearer_token(string method, string path)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        var ct = TestContext.Current.CancellationToken;
        foreach (var authorization in new string?[] { null, "Bearer wrong-token", "Basic cmVhZGVyOng=", "Bearer " })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? ApiHost.Json(Change) : null };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await host.Http.SendAsync(request, ct);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    public static TheoryData<string, string, string> Forbidden => new()
    {
        { ApiHost.NobodyRolesToken, "GET", "/graph" },
        { ApiHost.NobodyRolesToken, "GET", "/log" },
        { ApiHost.ReaderToken, "POST", "/request-change" },
        { ApiHost.ReaderToken, "POST", "/plan" },
        { ApiHost.ReaderToken, "POST", "/changes/x1/cancel?component=vpc/main" },
        { ApiHost.ProposerToken, "POST", "/changes/x1/approve?component=vpc/main" },
        { ApiHost.ProposerToken, "POST", "/changes/x1/reject?component=vpc/main" },
        { ApiHost.ApproverToken, "POST", "/request-change" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task A_token_without_the_route_s_role_gets_403(string token, string method, string path)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var client = host.ClientWith(token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? ApiHost.Json(Change) : null };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.DoesNotContain(token, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_and_the_openapi_document_need_no_token()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        var ct = TestContext.Current.CancellationToken;
        using var health = await host.Http.GetAsync("/healthz", ct);
        Assert.Equal("ok", (await HttpAssert.JsonAsync(health, HttpStatusCode.OK)).GetProperty("status").GetString());

        using var openApi = await host.Http.GetAsync("/openapi/v1.json", ct);
        var document = await HttpAssert.JsonAsync(openApi, HttpStatusCode.OK);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        foreach (var route in new[] { "/graph", "/request-change", "/plan", "/changes/{id}/approve", "/log", "/readyz" })
        {
            Assert.Contains(route, paths);
        }
    }

    [Fact]
    public void Token_configuration_keeps_only_hashes_and_rejects_bad_entries()
    {
        var registry = new ApiTokenRegistry([
            new ApiTokenSettings { Identity = "a", Token = "t-a", Roles = [ApiRoles.Reader] },
            new ApiTokenSettings { Identity = "b", TokenSha256 = ApiTokenRegistry.HashHex("t-b"), Roles = [ApiRoles.Approver] },
        ]);
        Assert.Equal("a", registry.Authenticate("Bearer t-a")!.Identity);
        Assert.True(registry.Authenticate("bearer t-b")!.Has(ApiRoles.Approver));
        Assert.Null(registry.Authenticate("Bearer t-c"));
        Assert.Null(registry.Authenticate("t-a"));

        var noIdentity = Assert.Throws<ApiConfigurationException>(() => new ApiTokenRegistry([new ApiTokenSettings { Token = "secret-1" }]));
        Assert.Contains("Karma:Api:Tokens:0:Identity", noIdentity.Message, StringComparison.Ordinal);
        var badRole = Assert.Throws<ApiConfigurationException>(() => new ApiTokenRegistry([new ApiTokenSettings { Identity = "x", Token = "secret-2", Roles = ["admin"] }]));
        Assert.Contains("admin", badRole.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-2", badRole.Message, StringComparison.Ordinal);
        Assert.Throws<ApiConfigurationException>(() => new ApiTokenRegistry([new ApiTokenSettings { Identity = "x", TokenSha256 = "abc" }]));
        Assert.Throws<ApiConfigurationException>(() => new ApiTokenRegistry([new ApiTokenSettings { Identity = "x" }]));
    }
}
