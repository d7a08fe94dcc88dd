using Karma.Core.Model;
using Karma.Core.Rendering;

namespace Karma.Worker.Api;

/// <summary>Read-only graph routes, served from an <see cref="IGraphSnapshotSource"/> with ETag revalidation.</summary>
internal static class GraphEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var graph = api.MapGroup("/graph").RequireRole(ApiRoles.Reader).WithTags("Graph");
        graph.MapGet("/", GetGraphAsync).WithName("GetGraph").WithSummary("The whole graph as JSON (filters: type, environment).");
        graph.MapGet("/components/{type}/{nickname}", GetComponentAsync).WithName("GetComponent");
        graph.MapGet("/query/orphans", (HttpContext http, string? environment) =>
            ListAsync(http, environment, "orphans", null, s => s.Queries.Orphans())).WithName("QueryOrphans");
        graph.MapGet("/query/drift", (HttpContext http, string? environment) =>
            ListAsync(http, environment, "drift", null, s => s.Queries.Drifted())).WithName("QueryDrift");
        graph.MapGet("/query/{kind}/{type}/{nickname}", QueryAsync).WithName("QueryComponent")
            .WithSummary("kind: downstream, upstream or consumers.");
    }

    private static async Task<IResult> GetGraphAsync(HttpContext http, string? type, string? environment)
    {
        if (type is not null && !ComponentId.IsValidSegment(type))
        {
            throw ApiProblemException.BadField("type", $"'{type}' is not a component type.");
        }

        var snapshot = await SnapshotAsync(http, environment);
        var etag = type is null ? snapshot.ETag : $"\"{snapshot.Environment}-v{snapshot.Version}-type-{type}\"";
        if (NotModified(http, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (type is null)
        {
            return Results.Bytes(snapshot.Json, "application/json");
        }

        var whole = snapshot.Queries.Graph;
        var nodes = whole.Nodes.Where(n => n.Id.Type == type).ToArray();
        var ids = nodes.Select(n => n.Id).ToHashSet();
        var edges = whole.Edges.Where(e => ids.Contains(e.From) || ids.Contains(e.To)).ToArray();
        return Results.Text(GraphRenderer.Render(whole with { Nodes = nodes, Edges = edges }, GraphFormat.Json), "application/json");
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

    private static bool NotModified(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch;
        foreach (var value in ifNoneMatch)
        {
            foreach (var candidate in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Weak comparison (RFC 9110 §13.1.2): a W/ prefix added by a proxy still matches.
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag)
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
