using Amazon.Runtime;

namespace Karma.Activities.ParameterStore;

/// <summary>
/// How to reach SSM. Anything left null falls back to the AWS conventions: AWS_ENDPOINT_URL_SSM, then
/// AWS_ENDPOINT_URL for the endpoint; AWS_REGION, then AWS_DEFAULT_REGION for the region; the SDK's
/// default credential chain for credentials.
/// </summary>
public sealed record AwsParameterStoreSettings
{
    public string? Region { get; init; }

    public string? ServiceUrl { get; init; }

    /// <summary>Explicit credentials (tests against moto); null uses the default credential chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    public int MaxThrottleAttempts { get; init; } = 8;

    /// <summary>Per-request HTTP timeout; an unreachable endpoint fails within a few of these.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where AWS_* variables are read from; null means the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? EnvironmentVariables { get; init; }

    public string? ResolveServiceUrl() =>
        NonEmpty(ServiceUrl) ?? NonEmpty(Env("AWS_ENDPOINT_URL_SSM")) ?? NonEmpty(Env("AWS_ENDPOINT_URL"));

    public string? ResolveRegion() =>
        NonEmpty(Region) ?? NonEmpty(Env("AWS_REGION")) ?? NonEmpty(Env("AWS_DEFAULT_REGION"));

    private string? Env(string name) =>
        EnvironmentVariables is null
            ? Environment.GetEnvironmentVariable(name)
            : EnvironmentVariables.TryGetValue(name, out var value) ? value : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
