using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Karma.TemporalDev.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Karma.TemporalDev.Http;

/// <summary>
/// The HTTP/JSON API (<c>/api/v1/...</c>) the Temporal Web UI calls, in-process over the same handlers as gRPC:
/// route from the <c>google.api.http</c> options, proto3 JSON in and out (payloads stay encoded; the UI decodes
/// them), errors as <c>{code, message, details}</c> with the HTTP status of the gRPC code, plus the UI server's own
/// <c>/settings</c>.
/// </summary>
internal sealed class HttpApi(WorkflowServiceEndpoint endpoint, Lazy<Task<HttpRouteTable>> routes, string defaultNamespace)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromFiles([.. HttpRouteTable.Files])));

    public static bool Handles(HttpContext http) => http.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var segments = DecodedSegments(http);
        var verb = http.Request.Method;
        if (verb == HttpMethods.Get && segments is ["api", "v1", "settings"])
        {
            await WriteAsync(http, StatusCodes.Status200OK, UiSettings.For(defaultNamespace).ToJson());
            return;
        }

        var table = await routes.Value;
        var match = table.Match(verb, segments);
        if (match is not { } found)
        {
            var allowed = table.AnyVerbMatches(segments);
            var message = allowed
                ? $"{verb} is not allowed on {http.Request.Path}."
                : $"karma-temporal-dev has no HTTP route {verb} {http.Request.Path} (the /api/v1 bindings of WorkflowService and OperatorService).";
            await WriteErrorAsync(http, allowed ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound, allowed ? StatusCode.Unimplemented : StatusCode.NotFound, message);
            return;
        }

        var (route, bindings) = found;
        IMessage request;
        try
        {
            var body = await ReadBodyAsync(http);
            var query = http.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)));
            request = HttpRequestBinder.Bind(route, body, query, bindings);
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException or JsonException or InvalidOperationException)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, StatusCode.InvalidArgument, $"{route.Label}: {e.Message}");
            return;
        }

        try
        {
            var response = await endpoint.HandleAsync(route.Label, request, new HttpCallContext(http, route.Label));
            await WriteAsync(http, StatusCodes.Status200OK, Formatter.Format(response));
        }
        catch (RpcException e)
        {
            await WriteErrorAsync(http, HttpStatusOfGrpc.Of(e.StatusCode), e.StatusCode, e.Status.Detail);
        }
    }

    /// <summary>
    /// Path segments decoded one by one from the raw target: ASP.NET keeps <c>%2F</c> encoded in
    /// <see cref="HttpRequest.Path"/>, and workflow ids (Karma's have slashes) arrive that way.
    /// </summary>
    private static List<string> DecodedSegments(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var end = raw.IndexOfAny(['?', '#']);
        var path = end < 0 ? raw : raw[..end];
        return [.. path.Trim('/').Split('/').Select(Uri.UnescapeDataString)];
    }

    private static async Task<string?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0 || HttpMethods.IsGet(http.Request.Method))
        {
            return null;
        }

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext http, int httpStatus, StatusCode code, string message)
    {
        var json = JsonSerializer.Serialize(new HttpError((int)code, message, []), HttpErrorJson.Default.HttpError);
        return WriteAsync(http, httpStatus, json);
    }

    private static async Task WriteAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json, http.RequestAborted);
    }
}
