namespace Karma.Gremlin.Transport;

/// <summary>Settings of a <see cref="GremlinClient"/>. A class, not a record, so the password never shows in a ToString.</summary>
public sealed class GremlinClientOptions
{
    /// <summary><c>wss://host:8182/gremlin</c>; <c>ws://</c> only for local servers.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Upper bound of open WebSocket connections (and so of requests in flight).</summary>
    public int MaxConnections { get; init; } = 4;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>WebSocket ping period; Neptune closes sockets idle for ~20 minutes.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping may go unanswered before the connection counts as dead and is replaced.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per request, the first included, for retryable failures only.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>SASL PLAIN credentials for a Gremlin Server that challenges with 407 (Neptune uses IAM instead).</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != "wss" && Endpoint.Scheme != "ws"))
        {
            throw new ArgumentException($"Gremlin endpoint '{Endpoint}' must be an absolute wss:// (or, for a local server, ws://) URI.", nameof(Endpoint));
        }

        if (MaxConnections < 1 || MaxAttempts < 1)
        {
            throw new ArgumentException("MaxConnections and MaxAttempts must be at least 1.");
        }

        if (Username is null != (Password is null))
        {
            throw new ArgumentException("Gremlin SASL needs both a username and a password, or neither.");
        }
    }
}
