using Karma.Core.Model;
using Karma.Core.Rendering;

namespace Karma.Worker.Api;

/// <summary>Read-only graph routes, served from an <see cref="IGraphSnapshotSource"/> with ETag revalidation.</summary>
internal static class GraphEndpoints
{
    private const int MaxPageSize = 10_000;

    public static void Map(RouteGroupBuilder api)
    {
        var graph = api.MapGroup("/graph").RequireRole(ApiRoles.Reader).WithTags("Graph");
        graph.MapGet("/", GetGraphAsync).WithName("GetGraph").WithSummary("The graph as JSON (filters: type, environment; paging: limit, after = next_after of the previous page). gzip/br on Accept-Encoding; ETag/If-None-Match.");
        graph.MapGet("/components/{type}/{nickname}", GetComponentAsync).WithName("GetComponent");
        graph.MapGet("/query/orphans", (HttpContext http, string? environment) =>
            ListAsync(http, environment, "orphans", null, s => s.Queries.Orphans())).WithName("QueryOrphans");
        graph.MapGet("/query/drift", (HttpContext http, string? environment) =>
            ListAsync(http, environment, "drift", null, s => s.Queries.Drifted())).WithName("QueryDrift");
        graph.MapGet("/query/{kind}/{type}/{nickname}", QueryAsync).WithName("QueryComponent")
            .WithSummary("kind: downstream, upstream or consumers.");
    }

    private static async Task<IResult> GetGraphAsync(HttpContext http, string? type, string? limit, string? after, string? environment)
    {
        if (type is not null && !ComponentId.IsValidSegment(type))
        {
            throw ApiProblemException.BadField("type", $"'{type}' is not a component type.");
        }

        ComponentId? cursor = after is null ? null
            : ComponentId.TryParse(after, out var id) ? id
            : throw ApiProblemException.BadField("after", $"'{after}' is not '<type>/<nickname>' (use next_after of the previous page).");
        var pageSize = limit is null ? (int?)null : QueryParameters.Limit("limit", limit, 0, MaxPageSize);
        var snapshot = await SnapshotAsync(http, environment);
        var body = snapshot.Listing(new GraphPageKey(type, cursor, pageSize));

        // One URL, several codings: caches must key on Accept-Encoding, and each coding carries its own tag.
        var coding = EncodedBody.Negotiate(http.Request.Headers.AcceptEncoding);
        http.Response.Headers.Vary = "Accept-Encoding";
        if (NotModified(http, body.ETagFor(coding), body.Matches))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (EncodedBody.HeaderValue(coding) is { } encoding)
        {
            http.Response.Headers.ContentEncoding = encoding;
        }

        return Results.Bytes(body.Bytes(coding), "application/json");
    }

    private static async Task<IResult> GetComponentAsync(HttpContext http, string type, string nickname, string? environment)
    {
        var id = ParseId(type, nickname);
        var snapshot = await SnapshotAsync(http, environment);
        if (NotModified(http, snapshot.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var node = snapshot.Queries.Node(id);
        return Results.Ok(new ComponentView(
            node.Id.ToString(), node.Id.Type, node.Id.Nickname, node.Environment, node.ConfigPath, node.RuntimePath,
            node.ConfigHash, node.GitCommit, node.LastChangeId, node.HasRuntime, node.ConfigDrift, GraphRenderer.State(node),
            Names(snapshot.Queries.Providers(id)), Names(snapshot.Queries.Consumers(id)), snapshot.Version));
    }

    private static Task<IResult> QueryAsync(HttpContext http, string kind, string type, string nickname, string? environment)
    {
        var id = ParseId(type, nickname);
        return kind switch
        {
            "downstream" => ListAsync(http, environment, kind, id, s => s.Queries.Downstream(id)),
            "upstream" => ListAsync(http, environment, kind, id, s => s.Queries.Upstream(id)),
            "consumers" => ListAsync(http, environment, kind, id, s => s.Queries.Consumers(id)),
            _ => throw ApiProblemException.NotFound($"unknown query '{kind}': use downstream, upstream or consumers."),
        };
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, string? environment, string query, ComponentId? component, Func<GraphSnapshot, IReadOnlyList<ComponentId>> run)
    {
        var snapshot = await SnapshotAsync(http, environment);
        if (NotModified(http, snapshot.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (component is { } id && !snapshot.Queries.Contains(id))
        {
            throw ApiProblemException.NotFound($"component {id} is not in graph {snapshot.Environment} version {snapshot.Version}.");
        }

        return Results.Ok(new QueryView(snapshot.Environment, snapshot.Version, query, component?.ToString(), Names(run(snapshot))));
    }

    internal static async Task<GraphSnapshot> SnapshotAsync(HttpContext http, string? environment)
    {
        var context = http.RequestServices.GetRequiredService<KarmaApiContext>();
        var env = context.EnvironmentFor(environment);
        var source = http.RequestServices.GetRequiredService<IGraphSnapshotSource>();
        var snapshot = await source.GetAsync(env, http.RequestAborted)
            ?? throw ApiProblemException.NotFound($"no graph has been built for environment '{env}' yet (karma graph build).");
        http.Response.Headers.ETag = snapshot.ETag;
        return snapshot;
    }

    internal static ComponentId ParseId(string type, string nickname)
    {
        if (!ComponentId.IsValidSegment(type))
        {
            throw ApiProblemException.BadField("type", $"'{type}' is not a component type.");
        }

        return ComponentId.IsValidSegment(nickname)
            ? new ComponentId(type, nickname)
            : throw ApiProblemException.BadField("nickname", $"'{nickname}' is not a nickname.");
    }

    private static bool NotModified(HttpContext http, string etag, Func<string, bool>? matches = null)
    {
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch;
        foreach (var value in ifNoneMatch)
        {
            foreach (var candidate in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Weak comparison (RFC 9110 §13.1.2): a W/ prefix added by a proxy still matches.
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag || matches?.Invoke(tag) == true)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string[] Names(IEnumerable<ComponentId> ids) => ids.Select(i => i.ToString()).ToArray();
}

internal sealed record ComponentView(
    string Id, string Type, string Nickname, string Environment, string ConfigPath, string RuntimePath, string? ConfigHash,
    string? GitCommit, string? LastChangeId, bool? HasRuntime, bool? ConfigDrift, string State,
    IReadOnlyList<string> Providers, IReadOnlyList<string> Consumers, long GraphVersion);

internal sealed record QueryView(string Environment, long GraphVersion, string Query, string? Component, IReadOnlyList<string> Components);
