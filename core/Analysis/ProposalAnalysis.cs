using Karma.Core.Model;
using Karma.Core.Queries;

namespace Karma.Core.Analysis;

/// <summary>
/// What a proposed config would break, found by analysing the environment's graph as it would be with the proposal: the
/// config repo's documents with the proposal in place of the component's own (or added, for a new component). The
/// repo is the source of truth, so a component that is in Git but not yet in a stored graph is a valid provider, and
/// one that exists only in Parameter Store is not.
/// </summary>
public static class ProposalAnalysis
{
    /// <summary>
    /// The proposal's own graph errors (references to components the repo does not have, invalid references) and every
    /// dependency cycle it takes part in, each naming where and what; empty when the proposal is sound. Errors elsewhere
    /// in the repo are not the proposal's doing and are left to <c>karma graph build</c>.
    /// </summary>
    public static IReadOnlyList<string> Errors(ConfigSnapshot config, ComponentId component, string proposedJson, string prefix = ComponentPaths.DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(config);
        var existing = config.Documents.FirstOrDefault(d => d.Id == component);
        var proposal = new ConfigDocument(component, existing?.RepoPath ?? ComponentPaths.ConventionalConfigFile(config.Environment, component), proposedJson);
        var result = GraphBuilder.BuildFromGit(config with { Documents = [.. config.Documents.Where(d => d.Id != component), proposal] }, prefix);
        var errors = result.Errors
            .Where(d => d.Component == component && d.Code != DiagnosticCodes.Cycle)
            .Select(d => $"{d.Location}: {d.Message}")
            .ToList();
        if (ShortestCycleThrough(new DependencyIndex(result.Graph), component) is { } cycle)
        {
            errors.Add(cycle.Count == 2
                ? $"{proposal.RepoPath}: {component} would depend on itself, a dependency cycle: {CycleFinder.Format(cycle)}."
                : $"{proposal.RepoPath}: the change would make a dependency cycle: {CycleFinder.Format(cycle)}.");
        }

        return errors;
    }

    /// <summary><c>component → … → component</c> along providers, fewest steps first; null when it is on no cycle.</summary>
    private static List<ComponentId>? ShortestCycleThrough(DependencyIndex index, ComponentId component)
    {
        if (!index.Contains(component))
        {
            return null;
        }

        var start = index.IndexOf(component);
        var parent = new int[index.Count];
        Array.Fill(parent, -1);
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.TryDequeue(out var current))
        {
            foreach (var provider in index.Providers[current])
            {
                if (provider == start)
                {
                    var path = new List<ComponentId> { component };
                    for (var at = current; at != start; at = parent[at])
                    {
                        path.Add(index.Ids[at]);
                    }

                    path.Add(component);
                    path.Reverse();
                    return path;
                }

                if (parent[provider] < 0)
                {
                    parent[provider] = current;
                    queue.Enqueue(provider);
                }
            }
        }

        return null;
    }
}
