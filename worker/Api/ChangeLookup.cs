using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Workflows;

namespace Karma.Worker.Api;

/// <summary>
/// Resolves the change a route is about: <c>?component=</c> names it directly (no lookup); without it the change is
/// located by id among the environment's changes (<see cref="KarmaWorkflowClient.LocateChangeAsync"/>, shared with the CLI).
/// </summary>
internal static class ChangeLookup
{
    public static async Task<ChangeAddress> ResolveAsync(HttpContext http, string id, string? component, string? environment)
    {
        var changeId = RequiredChangeId(id);
        var env = http.RequestServices.GetRequiredService<KarmaApiContext>().EnvironmentFor(environment);
        if (OptionalComponent(component) is { } target)
        {
            return new ChangeAddress(env, target, changeId);
        }

        var workflows = http.RequestServices.GetRequiredService<KarmaWorkflowClient>();
        return await workflows.LocateChangeAsync(changeId, env, http.RequestAborted)
            ?? throw new ChangeNotFoundException($"No change {changeId} in {env}.");
    }

    public static ComponentId? OptionalComponent(string? component) =>
        component is null ? null
        : ComponentId.TryParse(component, out var id) ? id
        : throw ApiProblemException.BadField("component", $"{ApiEcho.Quote(component)} is not '<type>/<nickname>'.");

    public static ChangeState? OptionalState(string? state) =>
        state is null ? null
        : ChangeStateWords.TryParse(state, out var parsed) ? parsed
        : throw ApiProblemException.BadField("state", $"{ApiEcho.Quote(state)} is not a change state ({string.Join(", ", ChangeStateWords.All)}).");

    public static string RequiredChangeId(string id) =>
        ChangeIds.IsValid(id) ? id : throw ApiProblemException.BadField("id", $"{ApiEcho.Quote(id)} is not a change id.");
}
