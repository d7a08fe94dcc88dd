using System.Net;
using Karma.Api.Tests.Infrastructure;

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
}
