namespace Karma.Gremlin.Protocol;

/// <summary>The connection could not be opened or dropped mid-request. Retryable on a fresh (re-signed) connection.</summary>
public sealed class GremlinConnectionException : GremlinException
{
    public GremlinConnectionException()
    {
    }

    public GremlinConnectionException(string message)
        : base(message)
    {
    }

    public GremlinConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>False when the handshake itself was refused with a 4xx (bad credentials, wrong path): retrying cannot help.</summary>
    public bool HandshakeRejected { get; init; }

    public override bool IsRetryable => !HandshakeRejected;
}
