using Karma.TemporalDev.Hosting;
using Temporalio.Client;

namespace Karma.Api.Tests.Infrastructure;

/// <summary>One temporal-dev server for all API tests (real SDK, real gRPC); each host uses its own task queue.</summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    private TemporalDevServer? _server;

    public ITemporalClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true });
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(_server.Address));
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
    public const string Name = "api-temporal-dev";
}
