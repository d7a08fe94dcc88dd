using System.Text.Json.Nodes;
using Karma.Core.Lifecycle;
using Karma.Core.Model;

namespace Karma.Worker.Api;

/// <summary>
/// Karma's request shape: <c>{"component":"&lt;type&gt;/&lt;nickname&gt;","proposed_change":{…},"requested_by":"…","reason":"…"}</c>,
/// plus optional <c>change_id</c> (idempotency: a retried POST with the same id is one change) and <c>environment</c>.
/// </summary>
internal static class ChangeRequestBody
{
    private static readonly string[] Fields = ["component", "proposed_change", "requested_by", "reason", "change_id", "environment"];

    /// <summary>The proposer is the token's identity; a <c>requested_by</c> in the body is accepted only when it agrees.</summary>
    public static ChangeRequest Parse(JsonObject body, ApiCaller caller, KarmaApiContext context, string? queryEnvironment)
    {
        ApiJsonBody.OnlyKnown(body, Fields);
        var componentText = ApiJsonBody.RequiredString(body, "component");
        if (!ComponentId.TryParse(componentText, out var component))
        {
            throw ApiProblemException.BadField("component", $"{ApiEcho.Quote(componentText)} {NameRules.ComponentIdProblem(componentText)}.");
        }

        var proposed = ApiJsonBody.RequiredObject(body, "proposed_change");
        var requestedBy = ApiJsonBody.OptionalString(body, "requested_by");
        if (requestedBy is not null && !string.Equals(requestedBy, caller.Identity, StringComparison.Ordinal))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                $"requested_by: {ApiEcho.Quote(requestedBy)} is not the token's identity '{caller.Identity}'; the proposer is always the caller.", "requested_by");
        }

        var changeId = ApiJsonBody.OptionalString(body, "change_id") ?? $"api-{Guid.NewGuid():N}";
        if (NameRules.ChangeIdProblem(changeId) is { } badId)
        {
            throw ApiProblemException.BadField("change_id", $"{NameRules.Quote(changeId)} {badId}.");
        }

        var environment = ApiJsonBody.OptionalString(body, "environment") is { } fromBody
            ? (NameRules.SegmentProblem(fromBody) is { } badEnvironment
                ? throw ApiProblemException.BadField("environment", $"{ApiEcho.Quote(fromBody)} is not an environment name: it {badEnvironment}.")
                : fromBody)
            : context.EnvironmentFor(queryEnvironment);
        return new ChangeRequest(changeId, component, environment, proposed.ToJsonString(), caller.Identity,
            ApiJsonBody.OptionalString(body, "reason") ?? string.Empty, ChangeSource.Api);
    }
}
