using System.Text.Json.Nodes;
using Karma.Activities.Git;
using Karma.Cli.Infrastructure;
using Karma.Core.Model;

namespace Karma.Cli.Commands.Changes;

/// <summary>The config that <c>karma plan</c> (without --input) and <c>karma deploy</c> work on: the component's file in Git.</summary>
internal static class PlanConfigSource
{
    /// <summary>The component's config at the config repo's ref, compact; a usage error naming repo and path when absent.</summary>
    /// <param name="snapshot">The config repo as the environment check read it.</param>
    public static string ReadGitConfig(KarmaSession session, ConfigRepoSnapshot snapshot, string environment, ComponentId component)
    {
        var repo = session.GraphSources().Repo;
        var document = snapshot.Config.Documents.FirstOrDefault(d => d.Id == component)
            ?? throw CliException.Usage(
                $"{component} has no config in {repo.Display} at {snapshot.CommitSha[..12]} (expected iac/{environment}/{component.Type}/{component.Nickname}/config.json); " +
                "pass --input FILE to plan a new component.");
        try
        {
            return JsonNode.Parse(document.RawJson) is JsonObject config
                ? config.ToJsonString()
                : throw CliException.Usage($"{document.RepoPath} in {repo.Display} must hold a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw CliException.Usage($"{document.RepoPath} in {repo.Display} is not valid JSON: {e.Message}", e);
        }
    }
}
