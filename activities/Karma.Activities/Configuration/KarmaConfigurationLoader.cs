using Karma.Activities.Git;
using Karma.Core.Model;
using Microsoft.Extensions.Configuration;

namespace Karma.Activities.Configuration;

/// <summary>
/// Builds <see cref="KarmaOptions"/> from, lowest to highest precedence: built-in defaults, the user file
/// <c>&lt;Home&gt;/config.json</c>, the config repo's <c>karma.json</c>, environment variables
/// (<c>Karma__Section__Key</c>, plus KARMA_HOME, IAC_PREFIX, KARMA_GIT_TOKEN, TEMPORAL_ADDRESS,
/// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_PROFILE, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN) and command-line overrides.
/// Every key is checked against the schema; any problem is a <see cref="KarmaConfigurationException"/>
/// naming the key and the source that set it.
/// </summary>
public static class KarmaConfigurationLoader
{
    public const string UserFileName = "config.json";

    /// <summary>Any of these in the environment means AWS is configured, so Parameter Store defaults to <c>aws</c>.</summary>
    public static readonly IReadOnlyList<string> AwsSignals =
    [
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSM", "AWS_ACCESS_KEY_ID",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ];

    // karma.json travels with the config repo: it must not move Karma's home, point at another repo, or carry secrets.
    private static readonly string[] RepoFileForbidden = ["Karma:Home", "Karma:Repo", "Karma:Git"];

    private const string Prefix = "Karma:";

    public static KarmaConfiguration Load(KarmaConfigurationInput input, KarmaConfigurationSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        schema ??= KarmaConfigurationSchema.Default;
        var environment = EnvironmentLayer(input.EnvironmentVariables);
        var commandLine = CommandLineLayer(input.CommandLine);
        var profile = input.ResolveUserProfile();
        var defaultHome = Path.Combine(profile, ".karma");
        var home = ExpandHome(Effective("Karma:Home", commandLine, environment) ?? defaultHome, profile);
        var layers = new List<Layer>
        {
            DefaultsLayer(input.EnvironmentVariables, defaultHome),
            UserFileLayer(Path.Combine(home, UserFileName)),
            RepoFileLayer(input.RepoFile, input.RepoFileSource),
            environment,
            commandLine,
        };

        foreach (var layer in layers)
        {
            foreach (var (key, (value, source)) in layer.Values)
            {
                schema.Validate(key, value, source);
            }
        }

        var builder = new ConfigurationBuilder();
        var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var layer in layers)
        {
            builder.AddInMemoryCollection(layer.Values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value.Value)));
            foreach (var (key, (_, source)) in layer.Values)
            {
                sources[key] = source;
            }
        }

        var root = builder.Build();
        string SourceOf(string key) => sources.TryGetValue(key, out var source) ? source : "built-in default";

        foreach (var (key, rule) in KarmaSettingRules.Rules)
        {
            if (root[key] is { } value && rule(value) is { } problem)
            {
                throw new KarmaConfigurationException(key, SourceOf(key), problem);
            }
        }

        var options = new KarmaOptions();
        try
        {
            root.GetSection(KarmaOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The schema check makes this unreachable for known types; a registered foreign type may still refuse a value.
            throw new KarmaConfigurationException(KarmaOptions.SectionName, "the merged configuration", ex.Message, ex);
        }

        options.Home = Path.GetFullPath(ExpandHome(options.Home, profile));
        options.Prefix = ParameterPaths.NormalizePrefix(options.Prefix);
        CheckProviders(options, SourceOf);
        return new KarmaConfiguration(options, root, sources, input.EnvironmentVariables);
    }

    /// <summary>
    /// Loads in two passes: without the repo, then, when <c>Karma:Repo:Url</c> is set, again with the repo's
    /// karma.json read at <c>Karma:Repo:Ref</c> (cloning/fetching a remote into the cache under Home).
    /// </summary>
    public static async Task<KarmaConfiguration> LoadWithRepoAsync(
        KarmaConfigurationInput input,
        CancellationToken cancellationToken,
        KarmaConfigurationSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var first = Load(input, schema);
        var source = first.Options.Repo.ToGitSource(first.Options.Git);
        if (source is null)
        {
            return first;
        }

        var file = await new GitConfigLoader(first.Options.Home).LoadSettingsAsync(source, cancellationToken);
        return Load(input with { RepoFile = file, RepoFileSource = $"karma.json in {source}" }, schema);
    }

    /// <summary>The source that set the Parameter Store provider default, for messages and <c>karma config show</c>.</summary>
    public static string? DetectAws(IReadOnlyDictionary<string, string?> environment) =>
        AwsSignals.FirstOrDefault(name => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value));

    private static void CheckProviders(KarmaOptions options, Func<string, string> sourceOf)
    {
        if (options.Graph.Provider == GraphProvider.Neptune && string.IsNullOrWhiteSpace(options.Graph.Neptune.Endpoint))
        {
            throw new KarmaConfigurationException(
                "Karma:Graph:Neptune:Endpoint",
                sourceOf("Karma:Graph:Provider"),
                "Karma:Graph:Provider is neptune, so an endpoint (wss://host:8182/gremlin) is required.");
        }

        if (options.Graph.Provider == GraphProvider.Neptune && options.Graph.Neptune.Iam && string.IsNullOrWhiteSpace(options.Graph.Neptune.Region))
        {
            throw new KarmaConfigurationException("Karma:Graph:Neptune:Region", sourceOf("Karma:Graph:Neptune:Iam"), "IAM authentication signs for one region; set the region.");
        }
    }

    private static string? Effective(string key, params Layer[] highestFirst) =>
        highestFirst.Select(layer => layer.Values.TryGetValue(key, out var entry) ? entry.Value : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string ExpandHome(string path, string profile) =>
        path == "~" ? profile
        : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(profile, path[2..])
        : path;

    private static Layer DefaultsLayer(IReadOnlyDictionary<string, string?> environment, string home)
    {
        var aws = DetectAws(environment);
        var provider = aws is null ? "local" : "aws";
        var why = aws is null ? "built-in default (no AWS configuration in the environment)" : $"built-in default (AWS configuration found: {aws})";
        return new Layer(new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["Karma:ParameterStore:Provider"] = (provider, why),
            ["Karma:Home"] = (home, "built-in default"),
        });
    }

    private static Layer UserFileLayer(string path)
    {
        var values = new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return new Layer(values);
        }

        var source = $"user file {path}";
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KarmaConfigurationException(KarmaOptions.SectionName, source, $"cannot read the file: {ex.Message}", ex);
        }

        foreach (var (key, value) in JsonSettingsFlattener.Flatten(json, KarmaOptions.SectionName, source))
        {
            if (key.Equals("Karma:Home", StringComparison.OrdinalIgnoreCase))
            {
                throw new KarmaConfigurationException(key, source, "the home folder cannot be set from a file inside it; use KARMA_HOME.");
            }

            values[key] = (value, source);
        }

        return new Layer(values);
    }

    private static Layer RepoFileLayer(KarmaRepoFile? file, string source)
    {
        var values = new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase);
        if (file?.RawJson is null)
        {
            return new Layer(values);
        }

        foreach (var (rawKey, value) in JsonSettingsFlattener.Flatten(file.RawJson, KarmaOptions.SectionName, source))
        {
            // karma.json's 'modules' is Terraform's module map; 'aliases' keeps its name.
            var key = rawKey.StartsWith("Karma:modules:", StringComparison.OrdinalIgnoreCase)
                ? "Karma:Terraform:Modules" + rawKey["Karma:modules".Length..]
                : rawKey;
            if (RepoFileForbidden.Any(f => key.Equals(f, StringComparison.OrdinalIgnoreCase) || key.StartsWith(f + ":", StringComparison.OrdinalIgnoreCase)))
            {
                throw new KarmaConfigurationException(key, source, "this key cannot be set by the config repo; set it in the user file, the environment or the command line.");
            }

            if (KarmaConfiguration.IsSecretKey(key))
            {
                throw new KarmaConfigurationException(key, source, "secrets do not belong in the config repo; use an environment variable or the user file.");
            }

            values[key] = (value, source);
        }

        return new Layer(values);
    }

    private static Layer EnvironmentLayer(IReadOnlyDictionary<string, string?> environment)
    {
        var values = new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase);
        // Conventional names first, so an explicit Karma__… variable wins over them.
        AddIfSet(values, environment, "KARMA_HOME", "Karma:Home");
        AddIfSet(values, environment, "IAC_PREFIX", "Karma:Prefix");
        AddIfSet(values, environment, "KARMA_GIT_TOKEN", "Karma:Git:Token");
        AddIfSet(values, environment, "TEMPORAL_ADDRESS", "Karma:Temporal:Address");
        AddIfSet(values, environment, "TEMPORAL_NAMESPACE", "Karma:Temporal:Namespace");
        AddIfSet(values, environment, "TEMPORAL_API_KEY", "Karma:Temporal:ApiKey");
        AddIfSet(values, environment, "TEMPORAL_PROFILE", "Karma:Temporal:Profile");
        AddIfSet(values, environment, "SLACK_BOT_TOKEN", "Karma:Slack:BotToken");
        AddIfSet(values, environment, "SLACK_SIGNING_SECRET", "Karma:Slack:SigningSecret");
        AddIfSet(values, environment, "SLACK_APP_TOKEN", "Karma:Slack:AppToken");
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            // An empty variable (FOO= in a shell or compose file) reads as "not set", as it does for the conventional names.
            if (name.StartsWith("Karma__", StringComparison.OrdinalIgnoreCase) && name.Length > "Karma__".Length && !string.IsNullOrEmpty(value))
            {
                values[Prefix + name["Karma__".Length..].Replace("__", ":", StringComparison.Ordinal)] = (value, $"environment variable {name}");
            }
        }

        return new Layer(values);
    }

    private static void AddIfSet(Dictionary<string, (string?, string)> values, IReadOnlyDictionary<string, string?> environment, string name, string key)
    {
        if (environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            values[key] = (value, $"environment variable {name}");
        }
    }

    private static Layer CommandLineLayer(IReadOnlyDictionary<string, string?> overrides)
    {
        var values = new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rawKey, value) in overrides)
        {
            var key = rawKey.Trim().Replace("__", ":", StringComparison.Ordinal);
            key = key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? key : Prefix + key;
            values[key] = (value, "command line");
        }

        return new Layer(values);
    }

    private sealed record Layer(Dictionary<string, (string? Value, string Source)> Values);
}
