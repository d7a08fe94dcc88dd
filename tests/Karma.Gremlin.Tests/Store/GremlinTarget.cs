using Karma.Gremlin.Neptune;
using Karma.Gremlin.Tests.Peer;
using Karma.Gremlin.Traversal;

namespace Karma.Gremlin.Tests.Store;

/// <summary>
/// Where the store suite runs: the in-test peer by default, or a real Gremlin Server / Neptune endpoint when
/// <c>KARMA_TEST_GREMLIN_ENDPOINT</c> is set (plus <c>KARMA_TEST_GREMLIN_IAM=true</c> and <c>AWS_REGION</c> for
/// Neptune with IAM, or <c>KARMA_TEST_GREMLIN_USERNAME</c>/<c>_PASSWORD</c> for SASL). Each test writes its own
/// environment and drops it afterwards, so a shared server is left as it was found.
/// </summary>
public sealed class GremlinTarget : IAsyncLifetime
{
    public const string EndpointVariable = "KARMA_TEST_GREMLIN_ENDPOINT";

    private GremlinTestPeer? _peer;

    internal GremlinTestPeer? Peer => _peer;

    public NeptuneOptions Options { get; private set; } = null!;

    public bool IsRealServer => _peer is null;

    public async ValueTask InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            _peer = await GremlinTestPeer.StartAsync();
            Options = new NeptuneOptions { Endpoint = _peer.Endpoint, BatchSize = 50, MaxParallelRequests = 4, MaxConnections = 4 };
            return;
        }

        Options = new NeptuneOptions
        {
            Endpoint = new Uri(endpoint),
            Iam = string.Equals(Environment.GetEnvironmentVariable("KARMA_TEST_GREMLIN_IAM"), "true", StringComparison.OrdinalIgnoreCase),
            Region = Environment.GetEnvironmentVariable("AWS_REGION"),
            Username = Environment.GetEnvironmentVariable("KARMA_TEST_GREMLIN_USERNAME"),
            Password = Environment.GetEnvironmentVariable("KARMA_TEST_GREMLIN_PASSWORD"),
        };
        Options.Validate();
    }

    public GremlinClient CreateClient() => NeptuneGraphStore.CreateClient(Options);

    public static string NewEnvironment() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Removes everything a test wrote for <paramref name="environment"/> (components and the build vertex).</summary>
    public static async Task DropEnvironmentAsync(GremlinClient client, string environment)
    {
        await client.SubmitAsync(GraphTraversal.G().V().Has(NeptuneSchema.Environment, environment).Drop(), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }
    }
}
