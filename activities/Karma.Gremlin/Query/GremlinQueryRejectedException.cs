namespace Karma.Gremlin.Query;

/// <summary>A query passed through <c>karma graph query --gremlin</c> that Karma refuses to send; the message names what and where.</summary>
public sealed class GremlinQueryRejectedException : Exception
{
    public GremlinQueryRejectedException()
    {
    }

    public GremlinQueryRejectedException(string message)
        : base(message)
    {
    }

    public GremlinQueryRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GremlinQueryRejectedException(string message, int position)
        : base($"{message} (at character {position + 1})")
    {
        Position = position;
    }

    /// <summary>Zero-based offset in the query text; -1 when the whole query is at fault.</summary>
    public int Position { get; } = -1;
}
