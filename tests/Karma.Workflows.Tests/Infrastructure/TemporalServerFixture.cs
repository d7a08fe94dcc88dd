using Karma.TemporalDev.Hosting;
using Temporalio.Client;

namespace Karma.Workflows.Tests.Infrastructure;

/// <summary>One temporal-dev server per test collection (real SDK, real gRPC); each test uses its own task queue.</summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    private TemporalDevServer? _server;

    public ITemporalClient Client { get; private set; } = null!;

    public string Address => _server!.Address;

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("KARMA_TEST_TEMPORAL_ADDRESS");
        if (string.IsNullOrWhiteSpace(external))
        {
            _server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
        }

        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(external ?? _server!.Address));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TemporalServerGroup : ICollectionFixture<TemporalServerFixture>
{
    public const string Name = "temporal-dev";
}
