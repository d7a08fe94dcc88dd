using System.Net;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Model;
using Karma.Worker.Api;

namespace Karma.Api.Tests;

/// <summary>Graph routes, run against both the cached (service) and the stateless (serverless) snapshot source.</summary>
[Collection(TemporalServerGroup.Name)]
public sealed class GraphRouteTests(TemporalServerFixture temporal)
{
    public static TheoryData<ApiGraphMode> Modes => new() { ApiGraphMode.Cached, ApiGraphMode.Stateless };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Whole_graph_is_served_with_an_etag_that_revalidates_until_the_graph_changes(ApiGraphMode mode)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, mode, temporalWorker: false);
        await SampleSystem.DeployAsync(host);
        using var reader = host.ClientWith(ApiHost.ReaderToken);
        var ct = TestContext.Current.CancellationToken;

        using var first = await reader.GetAsync("/graph", ct);
        var graph = await HttpAssert.JsonAsync(first, HttpStatusCode.OK);
        var ids = graph.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["lambda/fn", "s3-bucket/old", "serverless-api/api", "vpc/main"], ids);
        Assert.Equal(host.Env, graph.GetProperty("environment").GetString());
        var etag = first.Headers.ETag!.Tag;
        Assert.StartsWith($"\"{host.Env}-v", etag, StringComparison.Ordinal);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/graph");
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await reader.SendAsync(revalidate, ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // A write through the worker's store is visible at once (cached mode refreshes on write, not by polling).
        await host.DeployedAsync(new ComponentId("vpc", "second"), """{"cidr":"10.1.0.0/16"}""", "{}");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/graph");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var changed = await reader.SendAsync(again, ct);
        var newer = await HttpAssert.JsonAsync(changed, HttpStatusCode.OK);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        Assert.Contains(newer.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == "vpc/second");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Queries_answer_downstream_upstream_consumers_orphans_and_drift(ApiGraphMode mode)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, mode, temporalWorker: false);
        await SampleSystem.DeployAsync(host);
        using var reader = host.ClientWith(ApiHost.ReaderToken);
        var ct = TestContext.Current.CancellationToken;

        async Task<string[]> Query(string path)
        {
            using var response = await reader.GetAsync(path, ct);
            return HttpAssert.Strings((await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("components"));
        }

        Assert.Equal(["lambda/fn", "serverless-api/api"], await Query("/graph/query/downstream/vpc/main"));
        Assert.Equal(["lambda/fn", "vpc/main"], await Query("/graph/query/upstream/serverless-api/api"));
        Assert.Equal(["lambda/fn"], await Query("/graph/query/consumers/vpc/main"));
        Assert.Equal(["s3-bucket/old"], await Query("/graph/query/orphans"));
        Assert.Empty(await Query("/graph/query/drift"));

        using var component = await reader.GetAsync("/graph/components/lambda/fn", ct);
        var view = await HttpAssert.JsonAsync(component, HttpStatusCode.OK);
        Assert.Equal(["vpc/main"], HttpAssert.Strings(view.GetProperty("providers")));
        Assert.Equal(["serverless-api/api"], HttpAssert.Strings(view.GetProperty("consumers")));
        Assert.Equal($"iac/{host.Env}/lambda/fn/config.json", view.GetProperty("config_path").GetString());

        using var byType = await reader.GetAsync("/graph?type=vpc", ct);
        var vpcs = await HttpAssert.JsonAsync(byType, HttpStatusCode.OK);
        Assert.Equal(["vpc/main"], vpcs.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).ToArray());
        var vpcEdges = vpcs.GetProperty("edges").EnumerateArray().ToList();
        Assert.NotEmpty(vpcEdges);
        Assert.All(vpcEdges,
            e => Assert.True(e.GetProperty("from").GetString() == "vpc/main" || e.GetProperty("to").GetString() == "vpc/main"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Bad_graph_requests_are_problem_details(ApiGraphMode mode)
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, mode, temporalWorker: false);
        await SampleSystem.DeployAsync(host);
        using var reader = host.ClientWith(ApiHost.ReaderToken);
        var ct = TestContext.Current.CancellationToken;

        using (var r = await reader.GetAsync("/graph/components/vpc/missing", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.NotFound);
        }

        using (var r = await reader.GetAsync("/graph/query/downstream/vpc/missing", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.NotFound);
        }

        using (var r = await reader.GetAsync("/graph/query/sideways/vpc/main", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.NotFound);
        }

        using (var r = await reader.GetAsync("/graph?type=no%20spaces", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.BadRequest, "type");
        }

        using (var r = await reader.GetAsync("/graph?environment=never-built", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.NotFound);
        }

        using (var r = await reader.GetAsync("/graph?environment=bad%2Fenv", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.BadRequest, "environment");
        }

        using (var r = await reader.GetAsync("/no-such-route", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.NotFound);
        }
    }
}
