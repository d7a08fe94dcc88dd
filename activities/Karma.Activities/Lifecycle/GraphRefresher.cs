using Karma.Activities.Git;
using Karma.Activities.ParameterStore;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// Rebuilds an environment's graph from the config repo (or, with no repo, from the configs published in Parameter
/// Store) plus the Parameter Store snapshot, and writes the delta to the graph store.
/// </summary>
public sealed class GraphRefresher(IParameterStore parameters, IGraphStore store, LifecycleOptions options, GitConfigLoader? git = null) : IGraphRefresher
{
    private const int MaxFindings = 200;

    public async Task<GraphRefresh> RefreshAsync(string environment, ConfigOverlay? overlay, CancellationToken cancellationToken)
    {
        var reader = new ParameterSnapshotReader(parameters);
        var snapshot = await reader.ReadAsync(options.IacPrefix, cancellationToken);
        var config = await LoadConfigAsync(environment, reader, snapshot, cancellationToken);
        if (overlay is not null)
        {
            var documents = config.Documents.Where(d => d.Id != overlay.Component).ToList();
            documents.Add(new ConfigDocument(overlay.Component, $"iac/{environment}/{overlay.Component}/config.json", overlay.ConfigJson));
            config = config with { Documents = documents };
        }

        var built = GraphBuilder.Build(config, snapshot);
        var write = await store.WriteAsync(built.Graph, cancellationToken);
        return new GraphRefresh(
            write,
            config.GitCommit,
            built.Warnings.Take(MaxFindings).Select(d => d.ToString()).ToList(),
            built.Errors.Take(MaxFindings).Select(d => d.ToString()).ToList());
    }

    private async Task<ConfigSnapshot> LoadConfigAsync(string environment, ParameterSnapshotReader reader, ParameterSnapshot snapshot, CancellationToken ct)
    {
        var repository = options.ConfigRepository;
        var branch = options.ConfigBranch;
        if (repository is null && await reader.ReadEnvironmentAsync(options.IacPrefix, ct) is { ConfigRepo: { } fromParameter } env)
        {
            repository = fromParameter;
            branch ??= env.ConfigBranch;
        }

        if (repository is not null && git is not null)
        {
            return (await git.LoadAsync(new GitSource(repository, branch), environment, ct)).Config;
        }

        // No config repo: what is published is the desired config.
        var documents = snapshot.Components
            .Where(c => c.ConfigJson is not null)
            .Select(c => new ConfigDocument(c.Id, $"{options.IacPrefix}/{c.Id}/config", c.ConfigJson!))
            .ToList();
        return new ConfigSnapshot(environment, null, documents, new Dictionary<string, string>());
    }
}
