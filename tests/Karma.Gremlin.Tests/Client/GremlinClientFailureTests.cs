using Karma.Gremlin.Protocol;
using Karma.Gremlin.Tests.Peer;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.Client;

public sealed class GremlinClientFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GraphTraversal CountAll() => GraphTraversal.G().V().Count();

    [Fact]
    public async Task ConcurrentModificationException_is_retried_with_backoff_until_success()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.Script.Enqueue(PeerAction.NeptuneError("ConcurrentModificationException"));
        peer.Script.Enqueue(PeerAction.NeptuneError("ConcurrentModificationException"));
        await using var client = TestClients.For(peer);

        var result = await client.SubmitAsync(CountAll(), Ct);

        Assert.Equal(0L, result.Single());
        Assert.Equal(3, peer.BytecodeRequests.Count());
        Assert.Equal(2, client.Stats.Retries);
    }

    [Theory]
    [InlineData("ThrottlingException")]
    [InlineData("TooManyRequestsException")]
    public async Task Throttling_is_retried(string code)
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.Script.Enqueue(PeerAction.NeptuneError(code));
        await using var client = TestClients.For(peer);

        await client.SubmitAsync(CountAll(), Ct);

        Assert.Equal(2, peer.BytecodeRequests.Count());
    }

    [Fact]
    public async Task Temporary_server_error_596_is_retried()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.Script.Enqueue(PeerAction.Status(596, "try again"));
        await using var client = TestClients.For(peer);

        await client.SubmitAsync(CountAll(), Ct);

        Assert.Equal(2, peer.BytecodeRequests.Count());
    }

    [Theory]
    [InlineData(499, "invalid request arguments")]
    [InlineData(498, "malformed request")]
    [InlineData(597, "evaluation error")]
    [InlineData(598, "server timeout")]
    [InlineData(599, "could not serialize")]
    public async Task Request_errors_fail_at_once_with_a_clear_message(int status, string described)
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.Script.Enqueue(PeerAction.Status(status, "details from the server"));
        await using var client = TestClients.For(peer);

        var error = await Assert.ThrowsAsync<GremlinServerException>(() => client.SubmitAsync(CountAll(), Ct));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(described, error.Message, StringComparison.Ordinal);
        Assert.Contains("details from the server", error.Message, StringComparison.Ordinal);
        Assert.Single(peer.BytecodeRequests);
        Assert.Equal(0, client.Stats.Retries);
    }

    [Fact]
    public async Task A_500_that_is_not_transient_is_not_retried()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.Script.Enqueue(PeerAction.NeptuneError("ConstraintViolationException"));
        await using var client = TestClients.For(peer);

        var error = await Assert.ThrowsAsync<GremlinServerException>(() => client.SubmitAsync(CountAll(), Ct));

        Assert.Equal("ConstraintViolationException", error.ServerCode);
        Assert.Single(peer.BytecodeRequests);
    }

    [Fact]
    public async Task Gremlin_Server_exception_attributes_name_the_error()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.Script.Enqueue(PeerAction.Status(500, "conflict", new Dictionary<object, object?>
        {
            ["exceptions"] = new List<object?> { "java.util.ConcurrentModificationException" },
        }));
        await using var client = TestClients.For(peer);

        await client.SubmitAsync(CountAll(), Ct);

        Assert.Equal(2, peer.BytecodeRequests.Count());
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            peer.Script.Enqueue(PeerAction.NeptuneError("ConcurrentModificationException"));
        }

        await using var client = TestClients.For(peer);

        var error = await Assert.ThrowsAsync<GremlinServerException>(() => client.SubmitAsync(CountAll(), Ct));

        Assert.Equal("ConcurrentModificationException", error.ServerCode);
        Assert.Equal(6, peer.BytecodeRequests.Count());
    }

    [Fact]
    public async Task A_dropped_connection_is_replaced_and_the_request_retried()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        await using var client = TestClients.For(peer, maxConnections: 1);
        await client.SubmitAsync(CountAll(), Ct);
        peer.Script.Enqueue(PeerAction.DropConnection());

        var result = await client.SubmitAsync(CountAll(), Ct);

        Assert.Equal(0L, result.Single());
        Assert.Equal(2, peer.ConnectionsAccepted);
        Assert.Equal(2, client.Stats.ConnectionsOpened);
        Assert.Equal(1, client.Stats.Retries);
    }

    [Fact]
    public async Task SASL_challenge_is_answered_with_PLAIN_credentials_on_the_same_request_id()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.RequireSasl = ("stephen", "password");
        await using var client = TestClients.For(peer, user: "stephen", password: "password");

        var result = await client.SubmitAsync(CountAll(), Ct);

        Assert.Equal(0L, result.Single());
        var requests = peer.Requests.ToList();
        Assert.Equal(["bytecode", "authentication"], requests.Select(request => request.Op));
        Assert.Equal(requests[0].RequestId, requests[1].RequestId);
        Assert.Empty(peer.Violations);
    }

    [Fact]
    public async Task SASL_challenge_without_credentials_fails_clearly()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.RequireSasl = ("stephen", "password");
        await using var client = TestClients.For(peer);

        var error = await Assert.ThrowsAsync<GremlinAuthenticationException>(() => client.SubmitAsync(CountAll(), Ct));

        Assert.Contains("407", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_SASL_credentials_fail_without_retry_and_without_echoing_the_password()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.RequireSasl = ("stephen", "password");
        await using var client = TestClients.For(peer, user: "stephen", password: "wrong-secret");

        var error = await Assert.ThrowsAsync<GremlinServerException>(() => client.SubmitAsync(CountAll(), Ct));

        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain("wrong-secret", error.Message, StringComparison.Ordinal);
        Assert.Single(peer.BytecodeRequests);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_with_a_connection_error_after_retries()
    {
        await using var client = new GremlinClient(new Transport.GremlinClientOptions
        {
            Endpoint = new Uri("ws://127.0.0.1:9/gremlin"),
            MaxAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        var error = await Assert.ThrowsAsync<GremlinConnectionException>(() => client.SubmitAsync(CountAll(), Ct));

        Assert.Contains("127.0.0.1:9", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Stats.Retries);
    }

    [Fact]
    public async Task A_request_without_a_terminal_status_times_out_and_its_connection_is_not_reused()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.Script.Enqueue(PeerAction.NoReply());
        await using var client = new GremlinClient(new Transport.GremlinClientOptions
        {
            Endpoint = peer.Endpoint,
            MaxConnections = 1,
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });

        var error = await Assert.ThrowsAsync<GremlinException>(() => client.SubmitAsync(CountAll(), Ct));
        var next = await client.SubmitAsync(CountAll(), Ct);

        Assert.Contains("no terminal status", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Equal(0L, next.Single());
        Assert.Equal(2, peer.ConnectionsAccepted);
    }
}
