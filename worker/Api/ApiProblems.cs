using Karma.Activities.Git;
using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Queries;
using Karma.Workflows;
using Temporalio.Exceptions;

namespace Karma.Worker.Api;

/// <summary>Turns the domain's typed failures into ProblemDetails responses (one place, so every route agrees).</summary>
internal static class ApiProblems
{
    // A detail echoes request values (quoted through ApiEcho); this bounds any that are not, whatever their source.
    private const int MaxDetailCharacters = 1024;

    public static IResult Problem(int status, string title, string detail, string? field = null) =>
        TypedResults.Problem(
            detail: detail.Length <= MaxDetailCharacters ? detail : string.Concat(detail.AsSpan(0, MaxDetailCharacters), "…"),
            statusCode: status,
            title: title,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static IResult? FromException(Exception exception) => exception switch
    {
        ApiProblemException p => Problem(p.Status, p.Title, p.Message, p.Field),
        InvalidChangeRequestException e => Problem(StatusCodes.Status400BadRequest, "Invalid change request", e.Message),
        UnknownComponentException e => Problem(StatusCodes.Status404NotFound, "Unknown component", e.Message),
        ChangeNotFoundException e => Problem(StatusCodes.Status404NotFound, "Unknown change", e.Message),
        ApprovalRefusedException e => Problem(StatusCodes.Status409Conflict, "Refused by the change", e.Message),
        ChangeEndedException e => Problem(StatusCodes.Status409Conflict, "Change already ended", e.Message),
        ChangeIdConflictException e => Problem(StatusCodes.Status409Conflict, "Change id already used", e.Message, "change_id"),
        Karma.Core.Queries.DependencyCycleException e => Problem(StatusCodes.Status409Conflict, "Dependency cycle", e.Message),
        EnvironmentRefusedException { Reason: EnvironmentRefusal.NoConfigRepo } e => Problem(StatusCodes.Status409Conflict, "No config repo", e.Message),
        EnvironmentRefusedException e => Problem(StatusCodes.Status404NotFound, "Unknown environment", $"environment: {e.Message}", "environment"),
        GitRemoteException => Problem(StatusCodes.Status503ServiceUnavailable, "Config repo unavailable", "The config repo could not be read; retry later."),
        ConfigRepoException e => Problem(StatusCodes.Status409Conflict, "Config repo problem", e.Message),
        RpcException e when e.Code is RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded =>
            Problem(StatusCodes.Status503ServiceUnavailable, "Temporal unavailable", "The workflow service did not answer; retry later."),
        // The SDK reports a frontend it cannot connect to (a lazily connected client) only by this message.
        InvalidOperationException e when e.Message.StartsWith("Connection failed", StringComparison.Ordinal) =>
            Problem(StatusCodes.Status503ServiceUnavailable, "Temporal unavailable", "The workflow service could not be reached; retry later."),
        GraphStoreException => Problem(StatusCodes.Status503ServiceUnavailable, "Graph store unavailable", "The graph store could not be read; retry later."),
        BadHttpRequestException e => Problem(e.StatusCode, "Bad request", e.Message),
        _ => null,
    };

    /// <summary>Group filter: typed failures thrown by handlers become their ProblemDetails; anything else stays a 500.</summary>
    public static async ValueTask<object?> Translate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (FromException(e) is not null)
        {
            return FromException(e);
        }
    }
}
