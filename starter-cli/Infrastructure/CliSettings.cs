using System.CommandLine;
using Karma.Activities.Git;

namespace Karma.Cli.Infrastructure;

/// <summary>The resolved settings a CLI invocation needs, flattened from Karma's configuration.</summary>
public sealed record CliSettings
{
    // Any of these means the user has AWS configured, so the real Parameter Store is the default.
    private static readonly string[] AwsSignals = ["AWS_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSM", "AWS_ACCESS_KEY_ID"];

    public required string Home { get; init; }

    public string? RepoUrl { get; init; }

    public string? RepoRef { get; init; }

    public string? Environment { get; init; }

    public required string Prefix { get; init; }

    public required string ParameterStoreProvider { get; init; }

    public string? AwsRegion { get; init; }

    public string? AwsServiceUrl { get; init; }

    public GitCredentials? GitCredentials { get; init; }

    public string ParameterDatabasePath => Path.Combine(Home, "parameters.db");

    public string GraphDatabasePath => Path.Combine(Home, "graph.db");

    public static CliSettings Load(ParseResult parsed, GlobalOptions globals)
    {
        var overrides = globals.ToConfigurationOverrides(parsed);
        string? Get(string key, params string[] environmentNames)
        {
            if (overrides.TryGetValue(key, out var given) && !string.IsNullOrWhiteSpace(given))
            {
                return given;
            }

            var doubleUnderscore = key.Replace(":", "__", StringComparison.Ordinal);
            return new[] { doubleUnderscore }.Concat(environmentNames)
                .Select(System.Environment.GetEnvironmentVariable)
                .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        }

        var home = Get("Karma:Home", "KARMA_HOME")
            ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".karma");
        Directory.CreateDirectory(home);
        var awsConfigured = AwsSignals.Any(name => !string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable(name)));
        return new CliSettings
        {
            Home = home,
            RepoUrl = Get("Karma:Repo:Url"),
            RepoRef = Get("Karma:Repo:Ref"),
            Environment = Get("Karma:Environment"),
            Prefix = Get("Karma:Prefix", "IAC_PREFIX") ?? "/iac",
            ParameterStoreProvider = (Get("Karma:ParameterStore:Provider") ?? (awsConfigured ? "aws" : "local")).ToLowerInvariant(),
            AwsRegion = Get("Karma:ParameterStore:Region", "AWS_REGION"),
            AwsServiceUrl = Get("Karma:ParameterStore:ServiceUrl"),
            GitCredentials = GitCredentials.From(Get("Karma:Git:Username"), Get("Karma:Git:Password"), Get("Karma:Git:Token", "KARMA_GIT_TOKEN")),
        };
    }
}
