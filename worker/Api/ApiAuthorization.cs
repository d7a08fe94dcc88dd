namespace Karma.Worker.Api;

/// <summary>Bearer-token authorization as an endpoint filter: no ASP.NET authentication scheme, so it runs the same on any host.</summary>
internal static class ApiAuthorization
{
    private const string CallerKey = "karma.api.caller";

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var tokens = http.RequestServices.GetRequiredService<ApiTokenRegistry>();
            var caller = tokens.Authenticate(http.Request.Headers.Authorization.ToString());
            if (caller is null)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"karma\"";
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid bearer token is required (Authorization: Bearer <token>).");
            }

            if (!caller.Has(role))
            {
                return ApiProblems.Problem(StatusCodes.Status403Forbidden, "Forbidden", $"'{caller.Identity}' lacks the '{role}' role this route needs.");
            }

            http.Items[CallerKey] = caller;
            return await next(context).ConfigureAwait(false);
        });

    /// <summary>The caller the role filter authenticated (only valid on routes with <see cref="RequireRole{TBuilder}"/>).</summary>
    public static ApiCaller Caller(this HttpContext http) =>
        http.Items[CallerKey] as ApiCaller ?? throw new InvalidOperationException("The route has no role filter.");
}
