using System.CommandLine;
using Karma.Activities.Configuration;
using Karma.Activities.Git;
using Karma.Activities.Graph;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;

namespace Karma.Cli.Infrastructure;

/// <summary>
/// The services one CLI invocation works with, built from Karma's configuration (defaults, user file, the config
/// repo's karma.json, environment, command-line options). Disposing it closes the stores.
/// </summary>
public sealed class KarmaSession : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Lazy<IParameterStore> _parameters;
    private readonly Lazy<IGraphStore> _graph;
    private readonly KarmaConfigurationInput? _input;

    private KarmaSession(KarmaConfiguration configuration, CliConsole console, KarmaConfigurationInput? input = null, IReadOnlyList<string>? hostArguments = null)
    {
        Configuration = configuration;
        Console = console;
        _input = input;
        HostArguments = hostArguments ?? [];
        _parameters = new Lazy<IParameterStore>(() => Own(ParameterStoreFactory.Create(Options)));
        _graph = new Lazy<IGraphStore>(() => Own(GraphStoreFactory.Create(configuration)));
    }

    public KarmaConfiguration Configuration { get; }

    public KarmaOptions Options => Configuration.Options;

    public CliConsole Console { get; }

    public IParameterStore Parameters => _parameters.Value;

    public IGraphStore GraphStore => _graph.Value;

    /// <summary>
    /// The configuration options this invocation was given (--repo, --ref, --prefix, --config, --namespace), as arguments
    /// for local mode's background host: started with these and this process's environment, it reads the same configuration.
    /// </summary>
    public IReadOnlyList<string> HostArguments { get; }

    /// <summary>Loads configuration (reading the config repo's karma.json when a repo is configured) and opens a session.</summary>
    public static async Task<KarmaSession> OpenAsync(ParseResult parsed, GlobalOptions globals, CliConsole console, CancellationToken cancellationToken)
    {
        var input = Input(parsed, globals);
        var configuration = await KarmaConfigurationLoader.LoadWithRepoAsync(input, cancellationToken);
        Directory.CreateDirectory(configuration.Options.Home);
        return new KarmaSession(configuration, console, input, HostArgumentsOf(parsed, globals));
    }

    /// <summary>Loads configuration without touching the config repo (for commands that never read it).</summary>
    public static KarmaSession Open(ParseResult parsed, GlobalOptions globals, CliConsole console)
    {
        var input = Input(parsed, globals);
        var configuration = KarmaConfigurationLoader.Load(input);
        Directory.CreateDirectory(configuration.Options.Home);
        return new KarmaSession(configuration, console, input, HostArgumentsOf(parsed, globals));
    }

    /// <summary>A session over an already loaded configuration (e.g. the demo's own).</summary>
    public static KarmaSession FromConfiguration(KarmaConfiguration configuration, CliConsole console)
    {
        Directory.CreateDirectory(configuration.Options.Home);
        return new KarmaSession(configuration, console);
    }

    /// <summary>
    /// The configuration below the config repo's karma.json (which follows from the repo and ref it names): the same for
    /// every command given the same options and environment, whether or not it read the repo.
    /// </summary>
    public KarmaConfiguration BaseConfiguration() =>
        _input is null ? Configuration : KarmaConfigurationLoader.Load(_input);

    public GraphBuildService CreateGraphBuildService() =>
        new(new GitConfigLoader(Options.Home), Parameters, GraphStore);

    /// <summary>The config repo and Parameter Store prefix to build from; the repo is required.</summary>
    public GraphSources GraphSources()
    {
        var repo = Options.Repo.ToGitSource(Options.Git)
            ?? throw CliException.Usage("no config repo: pass --repo PATH|URL or set Karma:Repo:Url (Karma__Repo__Url).");
        return new GraphSources(repo, Options.Prefix, Options.Environment);
    }

    /// <summary>The last ready graph of the environment, or a usage error telling the user to build one.</summary>
    public async Task<StoredGraph> LoadStoredGraphAsync(CancellationToken cancellationToken)
    {
        var environment = await ResolveEnvironmentAsync(cancellationToken);
        return await GraphStore.LoadLatestAsync(environment, cancellationToken)
            ?? throw CliException.Usage($"no graph has been built for environment '{environment}' yet: run 'karma graph build' first.");
    }

    /// <summary>
    /// The check every change command makes before it proposes, deploys or plans anything (one rule for the CLI, the API
    /// and the workflow: <see cref="ChangeEnvironmentGuard"/>); a refusal is a usage error naming the known environments.
    /// </summary>
    /// <returns>The config repo at the ref read.</returns>
    public Task<ConfigRepoSnapshot> CheckChangeEnvironmentAsync(string environment, CancellationToken cancellationToken) =>
        new ChangeEnvironmentGuard(new GitConfigLoader(Options.Home), Parameters, Options.ToLifecycleOptions())
            .CheckAsync(environment, Options.Repo.ToGitSource(Options.Git), cancellationToken);

    public Task<string> ResolveEnvironmentAsync(CancellationToken cancellationToken) =>
        CreateGraphBuildService().ResolveEnvironmentAsync(Options.Environment, Options.Prefix, cancellationToken);

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static KarmaConfigurationInput Input(ParseResult parsed, GlobalOptions globals)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parsed.GetValue(globals.ConfigFile) is { } file)
        {
            // --config FILE sits just below explicit options: a shared file, refined per invocation.
            foreach (var (key, value) in ReadConfigFile(file))
            {
                overrides[key] = value;
            }
        }

        foreach (var (key, value) in globals.ToConfigurationOverrides(parsed))
        {
            overrides[key] = value;
        }

        // A relative repo path means the same folder to the background host and to a later command run elsewhere.
        if (overrides.TryGetValue("Karma:Repo:Url", out var repo) && Directory.Exists(repo))
        {
            overrides["Karma:Repo:Url"] = Path.GetFullPath(repo);
        }

        return KarmaConfigurationInput.FromProcess(overrides);
    }

    private static List<string> HostArgumentsOf(ParseResult parsed, GlobalOptions globals)
    {
        var arguments = new List<string>();
        void Add(Option<string?> option, Func<string, string> normalize)
        {
            if (parsed.GetValue(option) is { Length: > 0 } value)
            {
                arguments.AddRange([option.Name, normalize(value)]);
            }
        }

        // The host runs in another working directory's lifetime: local paths travel absolute.
        Add(globals.Repo, repo => Directory.Exists(repo) ? Path.GetFullPath(repo) : repo);
        Add(globals.Ref, value => value);
        Add(globals.Prefix, value => value);
        Add(globals.ConfigFile, Path.GetFullPath);
        Add(globals.Namespace, value => value);
        return arguments;
    }

    private static Dictionary<string, string?> ReadConfigFile(string file)
    {
        string json;
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read --config file '{file}': {e.Message}", e);
        }

        return JsonSettingsFlattener.Flatten(json, KarmaOptions.SectionName, $"--config {file}");
    }

    private T Own<T>(T service)
    {
        if (service is IDisposable disposable)
        {
            _owned.Add(disposable);
        }

        return service;
    }
}
