namespace Karma.Gremlin.Protocol;

/// <summary>Base of every error the Gremlin client raises. <see cref="IsRetryable"/> drives the client's retry policy.</summary>
public class GremlinException : Exception
{
    public GremlinException()
    {
    }

    public GremlinException(string message)
        : base(message)
    {
    }

    public GremlinException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public virtual bool IsRetryable => false;
}
