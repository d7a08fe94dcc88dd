using Karma.Gremlin.Transport;

namespace Karma.Gremlin.Auth;

/// <summary>
/// Neptune IAM authentication: SigV4-sign a GET of the endpoint (service <c>neptune-db</c>, empty payload) and send the
/// signature headers on the WebSocket upgrade. Called on every (re)connect, so each connection gets a fresh signature.
/// </summary>
public sealed class NeptuneIamHandshake : IGremlinHandshake
{
    public const string ServiceName = "neptune-db";

    private readonly IAwsCredentialSource _credentials;
    private readonly string _region;
    private readonly TimeProvider _time;

    public NeptuneIamHandshake(IAwsCredentialSource credentials, string region, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        _credentials = credentials;
        _region = region;
        _time = time ?? TimeProvider.System;
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> GetUpgradeHeadersAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        // The signature covers method, path, query and headers, not the scheme, so wss:// signs like https://.
        var request = new SigV4Request("GET", endpoint, [new("Host", SigV4Signer.HostHeader(endpoint))], ReadOnlyMemory<byte>.Empty);
        return SigV4Signer.Sign(request, credentials, _region, ServiceName, _time.GetUtcNow()).HeadersToAdd;
    }
}
