using System.Diagnostics;
using Karma.Activities.Git;
using Karma.Activities.GraphStore;
using Karma.Activities.ParameterStore;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Graph;

/// <summary>
/// Loads an environment's config (from Git, or from Parameter Store when there is no config repo) and state from
/// Parameter Store, builds and analyses the graph, and writes the delta to the graph store. The one code path of
/// <c>karma validate</c>, <c>karma graph build</c> and the lifecycle's rebuilds; what is written when analysis finds
/// errors is a <see cref="GraphErrorPolicy"/> (<c>karma graph build</c> writes nothing).
/// </summary>
/// <param name="git">Null when there is no config repo (only <see cref="RefreshAsync"/> without a repo works then).</param>
public sealed class GraphBuildService(GitConfigLoader? git, IParameterStore parameters, IGraphStore store)
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
    public Task<GraphAnalysis> AnalyseAsync(GraphSources sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return RunAsync(sources.Environment, sources.Prefix, RepoConfig(sources.Repo), write: null, cancellationToken);
    }

    /// <summary>
    /// Loads, analyses and, when there are no errors, writes the delta (<c>karma graph build</c>). When the graph store
    /// and Parameter Store can tell (<see cref="IGraphBuildMemoStore"/>, <see cref="IParameterFingerprint"/>) that the
    /// commit and Parameter Store are what the latest version was built from, it reports that version unchanged from
    /// the stored graph and the findings remembered with it, without reading or analysing the configs again.
    /// </summary>
    public async Task<GraphAnalysis> BuildAsync(GraphSources sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (store is not IGraphBuildMemoStore memos || parameters is not IParameterFingerprint fingerprints || git is null)
        {
            return await RunAsync(sources.Environment, sources.Prefix, RepoConfig(sources.Repo), GraphErrorPolicy.WriteNothing, cancellationToken);
        }

        if (ValidPrefix(sources.Prefix) is not { } prefix)
        {
            // The full path reports the bad prefix as it always has.
            return await RunAsync(sources.Environment, sources.Prefix, RepoConfig(sources.Repo), GraphErrorPolicy.WriteNothing, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var environment = await ResolveEnvironmentAsync(sources.Environment, sources.Prefix, cancellationToken);
        // Read before the build reads anything: a write that lands meanwhile makes the key stale, never the memo wrong.
        var commitTask = git.ResolveCommitAsync(sources.Repo, cancellationToken);
        var fingerprintTask = fingerprints.FingerprintAsync(prefix, cancellationToken);
        var memoTask = memos.LoadBuildMemoAsync(environment, cancellationToken);
        await Task.WhenAll(commitTask, fingerprintTask, memoTask);
        var inputs = GraphBuildMemo.InputsKey(await commitTask, prefix, await fingerprintTask);
        if (await memoTask is { } memo && memo.Inputs == inputs
            && await store.LoadLatestAsync(environment, cancellationToken) is { } stored && stored.Version == memo.GraphVersion)
        {
            var result = new GraphBuildResult(stored.Graph, memo.Diagnostics, memo.RuntimeKeyReads);
            return new GraphAnalysis(environment, await commitTask, result, new GraphWriteResult(stored.Version, 0, 0, 0, 0, 0), clock.Elapsed, TimeSpan.Zero, TimeSpan.Zero);
        }

        var analysis = await RunAsync(environment, sources.Prefix, RepoConfig(sources.Repo), GraphErrorPolicy.WriteNothing, cancellationToken);
        if (analysis.Write is { } written && analysis.CommitSha == await commitTask)
        {
            await memos.SaveBuildMemoAsync(
                new GraphBuildMemo(environment, written.Version, inputs, analysis.Result.Diagnostics, analysis.Result.RuntimeKeyReads), cancellationToken);
        }

        return analysis;
    }

    /// <summary>
    /// The lifecycle's rebuild (after an apply, and the scheduled resync): config from the repo, or from Parameter Store
    /// when there is none, with an optional not-yet-committed config laid over it; errors handled per <paramref name="onErrors"/>.
    /// </summary>
    public Task<GraphAnalysis> RefreshAsync(GraphRefreshSources sources, GraphErrorPolicy onErrors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ConfigLoader load = sources.Repo is { } repo
            ? RepoConfig(repo)
            : async (environment, parameters, ct) => (PublishedConfig(environment, await parameters), null);
        return RunAsync(sources.Environment, sources.Prefix, WithOverlay(load, sources.Overlay), onErrors, cancellationToken);
    }

    private static string? ValidPrefix(string prefix)
    {
        try
        {
            return ParameterPaths.NormalizePrefix(prefix);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Loads the desired config of an environment; the Parameter Store snapshot is being read meanwhile.</summary>
    private delegate Task<(ConfigSnapshot Config, string? CommitSha)> ConfigLoader(string environment, Task<ParameterSnapshot> parameters, CancellationToken cancellationToken);

    private ConfigLoader RepoConfig(GitSource repo) => async (environment, _, ct) =>
    {
        var loader = git ?? throw new InvalidOperationException("This graph build service has no Git loader; it can only read configs from Parameter Store.");
        var snapshot = await loader.LoadAsync(repo, environment, ct);
        return (snapshot.Config, snapshot.CommitSha);
    };

    private static ConfigLoader WithOverlay(ConfigLoader load, ConfigDocument? overlay) => overlay is null ? load : async (environment, parameters, ct) =>
    {
        var (config, commit) = await load(environment, parameters, ct);
        var replaced = config.Documents.FirstOrDefault(d => d.Id == overlay.Id);
        var documents = config.Documents.Where(d => d.Id != overlay.Id).ToList();
        documents.Add(overlay with { RepoPath = replaced?.RepoPath ?? overlay.RepoPath });
        return (config with { Documents = documents }, commit);
    };

    // No config repo: what is published is the desired config.
    private static ConfigSnapshot PublishedConfig(string environment, ParameterSnapshot parameters) => new(
        environment,
        null,
        [.. parameters.Components.Where(c => c.ConfigJson is not null).Select(c => new ConfigDocument(c.Id, ComponentPaths.ConfigParameter(parameters.Prefix, c.Id), c.ConfigJson!))],
        new Dictionary<string, string>());

    /// <param name="write">Null: analyse only.</param>
    private async Task<GraphAnalysis> RunAsync(string? environmentName, string prefix, ConfigLoader loadConfig, GraphErrorPolicy? write, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var environment = await ResolveEnvironmentAsync(environmentName, prefix, cancellationToken);

        // The config, Parameter Store and the previous graph are independent reads: do them at once.
        var parametersTask = _reader.ReadAsync(prefix, cancellationToken);
        var configTask = loadConfig(environment, parametersTask, cancellationToken);
        var previousTask = store.LoadLatestAsync(environment, cancellationToken);
        await Task.WhenAll(configTask, parametersTask, previousTask);
        var loadTime = clock.Elapsed;

        clock.Restart();
        var previous = (await previousTask)?.Graph;
        var (config, commit) = await configTask;
        var result = GraphBuilder.Build(config, await parametersTask, previous);
        var analyseTime = clock.Elapsed;

        clock.Restart();
        GraphWriteResult? written = null;
        if (write == GraphErrorPolicy.WriteValidParts || (write == GraphErrorPolicy.WriteNothing && !result.HasErrors))
        {
            written = await store.WriteAsync(result.Graph, cancellationToken);
        }

        return new GraphAnalysis(environment, commit ?? string.Empty, result, written, loadTime, analyseTime, clock.Elapsed);
    }
}
