using System.Net;
using System.Net.Sockets;
using Karma.TemporalDev.Hosting;

namespace Karma.TemporalDev.Tests.Http;

/// <summary>
/// Local mode starts one background server per KARMA_HOME, often several at once (tests, two homes): the default UI port
/// is a preference that yields to whoever binds it first, while a port the user asked for is never silently moved.
/// </summary>
public sealed class UiPortFallbackTests
{
    [Fact]
    public async Task A_preferred_ui_port_that_is_taken_gives_way_to_a_free_one_and_the_server_starts()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        await using var server = await TemporalDevServer.StartAsync(
            new TemporalDevServerOptions { Port = 0, Ephemeral = true, UiPort = taken, UiPortFallback = true },
            cancellationToken: TestContext.Current.CancellationToken);

        var uiPort = new Uri(server.HttpAddress!).Port;
        Assert.NotEqual(taken, uiPort);
        Assert.NotEqual(0, uiPort);
        using var http = new HttpClient { BaseAddress = new Uri(server.HttpAddress!) };
        Assert.Contains("\"DefaultNamespace\"", await http.GetStringAsync("/api/v1/settings", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_asked_for_ui_port_that_is_taken_fails_the_start_and_says_so()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        var error = await Assert.ThrowsAnyAsync<IOException>(() => TemporalDevServer.StartAsync(
            new TemporalDevServerOptions { Port = 0, Ephemeral = true, UiPort = taken },
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains(taken.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}
