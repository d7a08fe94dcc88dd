using System.Text.Json.Serialization;

namespace Karma.TemporalDev.Http;

/// <summary>The error body grpc-gateway writes (a google.rpc.Status as JSON); the UI shows <see cref="Message"/>.</summary>
internal sealed record HttpError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")] IReadOnlyList<object> Details);

[JsonSerializable(typeof(HttpError))]
internal sealed partial class HttpErrorJson : JsonSerializerContext;
