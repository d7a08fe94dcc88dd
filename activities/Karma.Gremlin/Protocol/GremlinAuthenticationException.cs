namespace Karma.Gremlin.Protocol;

/// <summary>The server asked for SASL authentication (407) and the client has no credentials for it, or they were refused.</summary>
public sealed class GremlinAuthenticationException : GremlinException
{
    public GremlinAuthenticationException()
    {
    }

    public GremlinAuthenticationException(string message)
        : base(message)
    {
    }

    public GremlinAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
