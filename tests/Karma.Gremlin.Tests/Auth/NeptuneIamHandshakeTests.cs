using Karma.Gremlin.Auth;
using Karma.Gremlin.Protocol;
using Karma.Gremlin.Tests.Client;
using Karma.Gremlin.Tests.Peer;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.Auth;

public sealed class NeptuneIamHandshakeTests
{
    private static readonly AwsSigningCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upgrade_headers_are_a_neptune_db_signature_of_GET_on_the_endpoint()
    {
        var handshake = new NeptuneIamHandshake(new FixedCredentials(Credentials), "us-east-1", new SteppingClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)));

        var headers = (await handshake.GetUpgradeHeadersAsync(new Uri("wss://db.example.com:8182/gremlin"), Ct)).ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("20261129T120000Z", headers["X-Amz-Date"]);
        Assert.Equal("session-token", headers["X-Amz-Security-Token"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/neptune-db/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=", headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_client_is_accepted_and_re_signs_when_it_reconnects()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.RequireSigV4 = (Credentials, "us-east-1");
        var clock = new SteppingClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var source = new FixedCredentials(Credentials);
        await using var client = TestClients.For(peer, maxConnections: 1, handshake: new NeptuneIamHandshake(source, "us-east-1", clock));

        await client.SubmitAsync(GraphTraversal.G().V().Count(), Ct);
        peer.Script.Enqueue(PeerAction.DropConnection());
        await client.SubmitAsync(GraphTraversal.G().V().Count(), Ct);

        var dates = peer.Upgrades.Select(headers => headers["X-Amz-Date"]).ToList();
        Assert.Equal(2, dates.Count);
        Assert.NotEqual(dates[0], dates[1]);
        Assert.Equal(2, source.Calls);
        Assert.Equal(2, peer.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_bad_signature_is_rejected_at_the_handshake_and_not_retried()
    {
        await using var peer = await GremlinTestPeer.StartAsync();
        peer.RequireSigV4 = (Credentials, "us-east-1");
        var wrong = Credentials with { SecretAccessKey = "not-the-secret" };
        await using var client = TestClients.For(peer, handshake: new NeptuneIamHandshake(new FixedCredentials(wrong), "us-east-1"));

        var error = await Assert.ThrowsAsync<GremlinConnectionException>(() => client.SubmitAsync(GraphTraversal.G().V().Count(), Ct));

        Assert.True(error.HandshakeRejected);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", error.Message, StringComparison.Ordinal);
        Assert.Single(peer.Upgrades);
        Assert.Equal(0, peer.ConnectionsAccepted);
    }

    private sealed class FixedCredentials(AwsSigningCredentials credentials) : IAwsCredentialSource
    {
        public int Calls;

        public ValueTask<AwsSigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(credentials);
        }
    }

    /// <summary>Each reading is one minute after the previous one, so two signatures can never share a timestamp.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private int _reads;

        public override DateTimeOffset GetUtcNow() => start.AddMinutes(Interlocked.Increment(ref _reads) - 1);
    }
}
