using System.CommandLine;
using Karma.Activities.Git;
using Karma.Activities.Graph;
using Karma.Activities.GraphStore;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;

namespace Karma.Cli.Infrastructure;

/// <summary>
/// The services one CLI invocation works with, built from Karma's configuration (defaults, files, environment,
/// command-line options). Disposing it closes the stores.
/// </summary>
public sealed class KarmaSession : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Lazy<IParameterStore> _parameters;
    private readonly Lazy<IGraphStore> _graph;

    private KarmaSession(CliSettings settings, CliConsole console)
    {
        Settings = settings;
        Console = console;
        _parameters = new Lazy<IParameterStore>(() => Own(CreateParameterStore(settings)));
        _graph = new Lazy<IGraphStore>(() => Own(new SqliteGraphStore(settings.GraphDatabasePath)));
    }

    public CliSettings Settings { get; }

    public CliConsole Console { get; }

    public IParameterStore Parameters => _parameters.Value;

    public IGraphStore GraphStore => _graph.Value;

    public static KarmaSession Open(ParseResult parsed, GlobalOptions globals, CliConsole console) =>
        new(CliSettings.Load(parsed, globals), console);

    public GraphBuildService CreateGraphBuildService() =>
        new(new GitConfigLoader(Settings.Home), Parameters, GraphStore);

    /// <summary>The config repo and Parameter Store prefix to build from; the repo is required.</summary>
    public GraphSources GraphSources()
    {
        var repo = Settings.RepoUrl
            ?? throw CliException.Usage("no config repo: pass --repo PATH|URL or set Karma:Repo:Url (KARMA__REPO__URL).");
        return new GraphSources(new GitSource(repo, Settings.RepoRef, Settings.GitCredentials), Settings.Prefix, Settings.Environment);
    }

    /// <summary>The last ready graph of the environment, or a usage error telling the user to build one.</summary>
    public async Task<StoredGraph> LoadStoredGraphAsync(CancellationToken cancellationToken)
    {
        var environment = await new GraphBuildService(new GitConfigLoader(Settings.Home), Parameters, GraphStore)
            .ResolveEnvironmentAsync(Settings.Environment, Settings.Prefix, cancellationToken);
        return await GraphStore.LoadLatestAsync(environment, cancellationToken)
            ?? throw CliException.Usage($"no graph has been built for environment '{environment}' yet: run 'karma graph build' first.");
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private T Own<T>(T service)
    {
        if (service is IDisposable disposable)
        {
            _owned.Add(disposable);
        }

        return service;
    }

    private static IParameterStore CreateParameterStore(CliSettings settings) => settings.ParameterStoreProvider switch
    {
        "local" => new LocalParameterStore(settings.ParameterDatabasePath),
        "aws" => AwsParameterStore.Create(new AwsParameterStoreSettings { Region = settings.AwsRegion, ServiceUrl = settings.AwsServiceUrl }),
        var other => throw CliException.Usage($"Karma:ParameterStore:Provider is '{other}': expected 'local' or 'aws'."),
    };
}
