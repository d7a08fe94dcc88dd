using System.Net;
using Karma.TemporalDev.Hosting;
using Karma.Testing;

namespace Karma.TemporalDev.Tests.Http;

/// <summary>Built without node, the server still starts, serves the HTTP API, and says in one line how to get the UI.</summary>
public sealed class UiNotBuiltTests
{
    [Fact]
    public async Task Without_the_built_ui_the_api_still_answers_and_the_server_says_how_to_get_the_ui()
    {
        using var empty = new TempDirectory("no-ui-build");
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, UiPort = 0, Ephemeral = true, UiDirectory = empty.Path }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(server.UiServed);
        Assert.Equal(
            $"The Temporal UI was not built (node and npm were not on PATH when karma-temporal-dev was built): install Node.js 20+ and npm, then rebuild. The HTTP API is at {server.HttpAddress}/api/v1.",
            server.UiLine);

        using var http = new HttpClient { BaseAddress = new Uri(server.HttpAddress!) };
        using var page = await http.GetAsync("/namespaces/default/workflows", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("install Node.js", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("\"Enabled\":false", await http.GetStringAsync("/api/v1/settings", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_ui_port_nothing_but_grpc_is_served()
    {
        await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Null(server.HttpAddress);
        Assert.Null(server.UiLine);
    }
}
