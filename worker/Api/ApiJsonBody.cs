using System.Text.Json;
using System.Text.Json.Nodes;

namespace Karma.Worker.Api;

/// <summary>
/// Reads a JSON object body within the configured size limit and reads its fields with errors that name the field.
/// The body is read by hand (not model binding) so the same code runs under any host and every message is ours.
/// </summary>
internal static class ApiJsonBody
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext http, bool optional = false)
    {
        EnsureJsonContentType(http.Request);
        var limit = http.RequestServices.GetRequiredService<KarmaApiContext>().Settings.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        do
        {
            try
            {
                read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Kestrel's own limit tripped first (a body without Content-Length): same answer as ours.
                throw TooLarge(limit);
            }

            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }
        while (read > 0);

        if (buffer.Length == 0)
        {
            return optional ? [] : throw ApiProblemException.BadField("body", "a JSON object is required.");
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject
                ?? throw ApiProblemException.BadField("body", "must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw ApiProblemException.BadField("body", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    public static void OnlyKnown(JsonObject body, params string[] known)
    {
        foreach (var (name, _) in body)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw ApiProblemException.BadField(name, $"unknown field; expected {string.Join(", ", known)}.");
            }
        }
    }

    public static string? OptionalString(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw ApiProblemException.BadField(field, "must be a string."),
    };

    public static string RequiredString(JsonObject body, string field) =>
        OptionalString(body, field) is { Length: > 0 } text ? text : throw ApiProblemException.BadField(field, "is required (a non-empty string).");

    public static JsonObject RequiredObject(JsonObject body, string field) =>
        body[field] as JsonObject ?? throw ApiProblemException.BadField(field, "is required (a JSON object: the complete new config).");

    /// <summary>
    /// A body sent as text/plain or a form is not read as JSON (a form-encoded proposal would be a different request);
    /// a request that names no content type is read as JSON, as curl users and older clients send it.
    /// </summary>
    private static void EnsureJsonContentType(HttpRequest request)
    {
        if (request.ContentType is not { Length: > 0 } contentType)
        {
            return;
        }

        var mediaType = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;
        if (mediaType is null
            || !(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"body: Content-Type {ApiEcho.Quote(contentType)} is not JSON; send the body as application/json.", "body");
        }
    }

    private static ApiProblemException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"body: larger than the {limit}-byte limit (Karma:Api:MaxRequestBodyBytes).", "body");
}
