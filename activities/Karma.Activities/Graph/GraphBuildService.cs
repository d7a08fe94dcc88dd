using System.Diagnostics;
using Karma.Activities.Git;
using Karma.Activities.ParameterStore;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Graph;

/// <summary>
/// Loads an environment's config from Git and state from Parameter Store, builds and analyses the graph, and
/// writes the delta to the graph store. A graph with errors is never written, so the stored graph is always one
/// that analysed cleanly.
/// </summary>
public sealed class GraphBuildService(GitConfigLoader git, IParameterStore parameters, IGraphStore store)
{
    private readonly ParameterSnapshotReader _reader = new(parameters);

    /// <summary>The explicit environment, else the <c>name</c>/<c>environment</c> of the account's environment parameter.</summary>
    public async Task<string> ResolveEnvironmentAsync(string? environment, string prefix, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(environment))
        {
            return environment;
        }

        var parameter = await _reader.ReadEnvironmentAsync(prefix, cancellationToken);
        return parameter?.Environment
            ?? throw new EnvironmentNotResolvedException(ParameterPaths.Environment(ParameterPaths.NormalizePrefix(prefix)));
    }

    /// <summary>Loads and analyses without writing anything (<c>karma validate</c>).</summary>
    public Task<GraphAnalysis> AnalyseAsync(GraphSources sources, CancellationToken cancellationToken) =>
        RunAsync(sources, write: false, cancellationToken);

    /// <summary>Loads, analyses and, when there are no errors, writes the delta (<c>karma graph build</c>).</summary>
    public Task<GraphAnalysis> BuildAsync(GraphSources sources, CancellationToken cancellationToken) =>
        RunAsync(sources, write: true, cancellationToken);

    private async Task<GraphAnalysis> RunAsync(GraphSources sources, bool write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var clock = Stopwatch.StartNew();
        var environment = await ResolveEnvironmentAsync(sources.Environment, sources.Prefix, cancellationToken);

        // Git, Parameter Store and the previous graph are independent reads: do them at once.
        var repoTask = git.LoadAsync(sources.Repo, environment, cancellationToken);
        var parametersTask = _reader.ReadAsync(sources.Prefix, cancellationToken);
        var previousTask = store.LoadLatestAsync(environment, cancellationToken);
        await Task.WhenAll(repoTask, parametersTask, previousTask);
        var loadTime = clock.Elapsed;

        clock.Restart();
        var previous = (await previousTask)?.Graph;
        var repo = await repoTask;
        var result = GraphBuilder.Build(repo.Config, await parametersTask, previous);
        var analyseTime = clock.Elapsed;

        clock.Restart();
        GraphWriteResult? written = null;
        if (write && !result.HasErrors)
        {
            written = await store.WriteAsync(result.Graph, cancellationToken);
        }

        return new GraphAnalysis(environment, repo.CommitSha, result, written, loadTime, analyseTime, clock.Elapsed);
    }
}
