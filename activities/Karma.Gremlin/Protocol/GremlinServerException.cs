namespace Karma.Gremlin.Protocol;

/// <summary>The server answered a request with a terminal error status.</summary>
public sealed class GremlinServerException : GremlinException
{
    // Neptune reports these as status 500 with the name in its JSON message; they go away on a later attempt.
    private static readonly HashSet<string> TransientServerCodes = new(StringComparer.Ordinal)
    {
        "ConcurrentModificationException",
        "ThrottlingException",
        "TooManyRequestsException",
    };

    public GremlinServerException()
    {
    }

    public GremlinServerException(string message)
        : base(message)
    {
    }

    public GremlinServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GremlinServerException(Guid? requestId, int statusCode, string? serverCode, string statusMessage)
        : base(FormatMessage(requestId, statusCode, serverCode, statusMessage))
    {
        RequestId = requestId;
        StatusCode = statusCode;
        ServerCode = serverCode;
        StatusMessage = statusMessage;
    }

    public Guid? RequestId { get; }

    public int StatusCode { get; }

    /// <summary>The server's error class: Neptune's <c>code</c> or Gremlin Server's first <c>exceptions</c> entry.</summary>
    public string? ServerCode { get; }

    public string StatusMessage { get; } = string.Empty;

    /// <summary>Transient server conditions are retried; request errors (4xx-class, 49x, 597, 598) never are.</summary>
    public override bool IsRetryable =>
        StatusCode == GremlinStatusCodes.ServerErrorTemporary ||
        (StatusCode == GremlinStatusCodes.ServerError && ServerCode is not null && TransientServerCodes.Contains(ServerCode));

    private static string FormatMessage(Guid? requestId, int statusCode, string? serverCode, string statusMessage)
    {
        var code = serverCode is null ? string.Empty : $" {serverCode}";
        var detail = string.IsNullOrWhiteSpace(statusMessage) ? string.Empty : $": {Truncate(statusMessage)}";
        return $"Gremlin server returned {statusCode} ({GremlinStatusCodes.Describe(statusCode)}){code} for request {requestId}{detail}";
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
