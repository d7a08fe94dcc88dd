using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;

namespace Karma.Worker.Api;

/// <summary>
/// What the change routes check before they start a workflow, so a mistyped environment or component is a 4xx answer
/// rather than a 202 for a change that then fails (or, for an environment, overwrites another one's Parameter Store).
/// </summary>
internal static class ChangeTargetCheck
{
    /// <param name="componentMustExist">
    /// Whether the component must have a config in the environment's folder of the config repo (a change to it), or may
    /// be new (a dry run of a component not written yet).
    /// </param>
    public static async Task CheckAsync(HttpContext http, ChangeRequest request, bool componentMustExist)
    {
        var repo = await http.RequestServices.GetRequiredService<ChangeEnvironmentGuard>().CheckAsync(request.Environment, http.RequestAborted);
        if (componentMustExist && !repo.Config.Documents.Any(d => d.Id == request.Component))
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, "Unknown component",
                $"component: {request.Component} is not a component of {request.Environment}: it has no config in iac/{request.Environment}/ " +
                $"of the config repo at {repo.CommitSha[..Math.Min(12, repo.CommitSha.Length)]}. A new component starts as a config committed there; " +
                "POST /plan tries one without it.", "component");
        }
    }
}
