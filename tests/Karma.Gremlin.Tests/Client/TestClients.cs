using Karma.Gremlin.Tests.Peer;
using Karma.Gremlin.Transport;

namespace Karma.Gremlin.Tests.Client;

internal static class TestClients
{
    /// <summary>A client for the peer with millisecond backoff, so retry tests stay fast.</summary>
    public static GremlinClient For(GremlinTestPeer peer, int maxConnections = 2, string? user = null, string? password = null, IGremlinHandshake? handshake = null) =>
        new(
            new GremlinClientOptions
            {
                Endpoint = peer.Endpoint,
                MaxConnections = maxConnections,
                RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                RetryMaxDelay = TimeSpan.FromMilliseconds(5),
                RequestTimeout = TimeSpan.FromSeconds(20),
                Username = user,
                Password = password,
            },
            handshake);
}
