using System.Net;
using Karma.Api.Tests.Infrastructure;
using Temporalio.Client;

namespace Karma.Api.Tests;

[Collection(TemporalServerGroup.Name)]
public sealed class HealthTests(TemporalServerFixture temporal)
{
    [Fact]
    public async Task Readyz_is_503_until_the_graph_is_loaded_then_200()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        var ct = TestContext.Current.CancellationToken;
        using (var before = await host.Http.GetAsync("/readyz", ct))
        {
            var problem = await HttpAssert.ProblemAsync(before, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("ok", problem.GetProperty("checks").GetProperty("temporal").GetString());
            Assert.Equal("not loaded", problem.GetProperty("checks").GetProperty("graph").GetString());
        }

        await SampleSystem.DeployAsync(host);
        using var after = await host.Http.GetAsync("/readyz", ct);
        Assert.Equal("ready", (await HttpAssert.JsonAsync(after, HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_temporal_readyz_is_503_healthz_200_and_change_routes_503_problems()
    {
        // A lazy client to a port nothing listens on: every call fails to connect, as when the frontend is down.
        var unreachable = TemporalClient.CreateLazy(new TemporalClientConnectOptions($"127.0.0.1:{ClosedPort()}"));
        await using var host = await ApiHost.StartAsync(unreachable, temporalWorker: false);
        await SampleSystem.DeployAsync(host);
        var ct = TestContext.Current.CancellationToken;

        using (var health = await host.Http.GetAsync("/healthz", ct))
        {
            Assert.Equal("ok", (await HttpAssert.JsonAsync(health, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        using (var ready = await host.Http.GetAsync("/readyz", ct))
        {
            var problem = await HttpAssert.ProblemAsync(ready, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unreachable", problem.GetProperty("checks").GetProperty("temporal").GetString());
            Assert.Equal("loaded", problem.GetProperty("checks").GetProperty("graph").GetString());
        }

        using var reader = host.ClientWith(ApiHost.ReaderToken);
        foreach (var path in new[] { "/changes", "/changes/c-1", "/changes/c-1?component=vpc/main" })
        {
            using var response = await reader.GetAsync(path, ct);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        }

        // The graph is served from the snapshot, Temporal or not.
        using var graph = await reader.GetAsync("/graph/query/downstream/vpc/main", ct);
        await HttpAssert.JsonAsync(graph, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unmatched_methods_and_oversized_chunked_bodies_are_problem_details()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, maxBodyBytes: 2048, temporalWorker: false);
        using var alice = host.ClientWith(ApiHost.ProposerToken);
        var ct = TestContext.Current.CancellationToken;
        using (var wrongMethod = await alice.DeleteAsync("/graph", ct))
        {
            await HttpAssert.ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        }

        // No Content-Length: the limit is enforced while reading, and still answered as a problem.
        var big = System.Text.Encoding.UTF8.GetBytes($$$"""{"component":"vpc/main","proposed_change":{"blob":"{{{new string('x', 8192)}}}"}}""");
        using var chunked = new StreamContent(new MemoryStream(big));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/request-change") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var tooLarge = await alice.SendAsync(request, ct);
        await HttpAssert.ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_server_side_failure_is_a_500_problem()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        await File.WriteAllTextAsync(host.Lifecycle.ResolveAuditLogPath(), "{garbage\n", TestContext.Current.CancellationToken);
        using var reader = host.ClientWith(ApiHost.ReaderToken);
        using var log = await reader.GetAsync("/log", TestContext.Current.CancellationToken);
        var problem = await HttpAssert.ProblemAsync(log, HttpStatusCode.InternalServerError);
        Assert.Contains("not an audit entry", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_filters_are_validated()
    {
        await using var host = await ApiHost.StartAsync(temporal.Client, temporalWorker: false);
        using var reader = host.ClientWith(ApiHost.ReaderToken);
        var ct = TestContext.Current.CancellationToken;
        using (var empty = await reader.GetAsync("/log", ct))
        {
            Assert.Equal(0, (await HttpAssert.JsonAsync(empty, HttpStatusCode.OK)).GetProperty("total").GetInt32());
        }

        using (var r = await reader.GetAsync("/log?limit=0", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.BadRequest, "limit");
        }

        using (var r = await reader.GetAsync("/log?since=yesterday", ct))
        {
            await HttpAssert.ProblemAsync(r, HttpStatusCode.BadRequest, "since");
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
