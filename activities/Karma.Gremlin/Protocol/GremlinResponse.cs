namespace Karma.Gremlin.Protocol;

/// <summary>A Gremlin Server response message. <see cref="Data"/> is the decoded <c>result.data</c> (usually a list).</summary>
public sealed record GremlinResponse(
    Guid? RequestId,
    int StatusCode,
    string StatusMessage,
    IReadOnlyDictionary<object, object?> StatusAttributes,
    object? Data)
{
    public bool IsPartial => StatusCode == GremlinStatusCodes.PartialContent;

    public bool IsSuccess => StatusCode is GremlinStatusCodes.Success or GremlinStatusCodes.NoContent;
}
