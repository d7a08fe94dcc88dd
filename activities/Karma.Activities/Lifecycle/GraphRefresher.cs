using Karma.Activities.Git;
using Karma.Activities.Graph;
using Karma.Activities.ParameterStore;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Ports;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// The lifecycle's graph rebuilds, through <see cref="GraphBuildService"/> (the code path of <c>karma graph build</c>):
/// config from the config repo (configured, or named by the environment parameter) or, with no repo, from the configs
/// published in Parameter Store. After an apply the valid parts are written and errors reported
/// (<see cref="GraphErrorPolicy.WriteValidParts"/>); a resync writes nothing when there are errors, like
/// <c>karma graph build</c>.
/// </summary>
public sealed class GraphRefresher(IParameterStore parameters, IGraphStore store, LifecycleOptions options, GitConfigLoader? git = null) : IGraphRefresher
{
    private const int MaxFindings = 200;

    private readonly GraphBuildService _builds = new(git, parameters, store);
    private readonly ParameterSnapshotReader _reader = new(parameters);

    public Task<GraphRefresh> RefreshAsync(string environment, ConfigOverlay? overlay, CancellationToken cancellationToken) =>
        RunAsync(environment, overlay, GraphErrorPolicy.WriteValidParts, cancellationToken);

    public Task<GraphRefresh> ResyncAsync(string environment, CancellationToken cancellationToken) =>
        RunAsync(environment, null, GraphErrorPolicy.WriteNothing, cancellationToken);

    private async Task<GraphRefresh> RunAsync(string environment, ConfigOverlay? overlay, GraphErrorPolicy onErrors, CancellationToken cancellationToken)
    {
        var document = overlay is null
            ? null
            : new ConfigDocument(overlay.Component, ComponentPaths.ConventionalConfigFile(environment, overlay.Component), overlay.ConfigJson);
        var sources = new GraphRefreshSources(environment, options.IacPrefix, await RepoAsync(cancellationToken), document);
        var analysis = await _builds.RefreshAsync(sources, onErrors, cancellationToken);
        var result = analysis.Result;
        return new GraphRefresh(
            analysis.Write,
            analysis.CommitSha.Length == 0 ? null : analysis.CommitSha,
            result.Warnings.Take(MaxFindings).Select(d => d.ToString()).ToList(),
            result.Errors.Take(MaxFindings).Select(d => d.ToString()).ToList());
    }

    private async Task<GitSource?> RepoAsync(CancellationToken cancellationToken) =>
        git is null ? null : await ConfigRepoLocator.ResolveAsync(options, _reader, cancellationToken);
}
