namespace Karma.Gremlin.Protocol;

/// <summary>Response status codes of the Gremlin Server protocol (TinkerPop "Developer Documentation", driver protocol).</summary>
public static class GremlinStatusCodes
{
    public const int Success = 200;
    public const int NoContent = 204;
    public const int PartialContent = 206;
    public const int Unauthorized = 401;
    public const int Forbidden = 403;
    public const int Authenticate = 407;
    public const int RequestErrorSerialization = 497;
    public const int RequestErrorMalformedRequest = 498;
    public const int RequestErrorInvalidRequestArguments = 499;
    public const int ServerError = 500;
    public const int ServerErrorTemporary = 596;
    public const int ServerErrorEvaluation = 597;
    public const int ServerErrorTimeout = 598;
    public const int ServerErrorSerialization = 599;

    public static string Describe(int code) => code switch
    {
        Unauthorized => "unauthorized",
        Forbidden => "forbidden",
        Authenticate => "authentication required",
        RequestErrorSerialization => "the server could not deserialize the request",
        RequestErrorMalformedRequest => "malformed request",
        RequestErrorInvalidRequestArguments => "invalid request arguments",
        ServerError => "server error",
        ServerErrorTemporary => "temporary server error",
        ServerErrorEvaluation => "evaluation error",
        ServerErrorTimeout => "server timeout",
        ServerErrorSerialization => "the server could not serialize the result",
        _ => $"status {code}",
    };
}
