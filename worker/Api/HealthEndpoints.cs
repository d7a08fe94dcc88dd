using Karma.Workflows;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Karma.Worker.Api;

/// <summary>Probes, without authentication: /healthz (the process answers) and /readyz (Temporal reachable, graph loaded).</summary>
internal static class HealthEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithTags("Health").WithName("Health");
        api.MapGet("/readyz", ReadyAsync).WithTags("Health").WithName("Ready");
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var context = http.RequestServices.GetRequiredService<KarmaApiContext>();
        var temporal = await TemporalReachableAsync(http);
        var graph = context.DefaultEnvironment is { } environment
            && await GraphLoadedAsync(http, environment);
        var checks = new Dictionary<string, object?>
        {
            ["temporal"] = temporal ? "ok" : "unreachable",
            ["graph"] = graph ? "loaded" : context.DefaultEnvironment is null ? "no environment configured" : "not loaded",
        };
        if (temporal && graph)
        {
            return Results.Ok(new { status = "ready", checks });
        }

        return TypedResults.Problem(detail: "Not ready: " + string.Join(", ", checks.Select(c => $"{c.Key} {c.Value}")),
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", extensions: new Dictionary<string, object?> { ["checks"] = checks });
    }

    private static async Task<bool> TemporalReachableAsync(HttpContext http)
    {
        try
        {
            var client = http.RequestServices.GetRequiredService<KarmaWorkflowClient>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            // GetSystemInfo is what SDKs call on connect: every Temporal frontend (and temporal-dev) answers it.
            await client.Temporal.Connection.WorkflowService.GetSystemInfoAsync(new GetSystemInfoRequest(), new RpcOptions { CancellationToken = timeout.Token });
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any failure to reach or build the client means "not ready", which is exactly what the probe reports.
            return false;
        }
    }

    private static async Task<bool> GraphLoadedAsync(HttpContext http, string environment)
    {
        try
        {
            return await http.RequestServices.GetRequiredService<IGraphSnapshotSource>().IsReadyAsync(environment, http.RequestAborted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
