using Temporalio.Client;

namespace Karma.Workflows.Hosting;

/// <summary>
/// Where and how to reach Temporal, resolved from the SDK's environment configuration with Karma's settings on top
/// (<see cref="TemporalClientFactory.Resolve"/>). <see cref="Options"/> may carry an API key: print
/// <see cref="Describe"/>, never the options.
/// </summary>
public sealed record TemporalTarget(TemporalClientConnectOptions Options, string Source)
{
    /// <summary>Whether an address was configured (a setting, TEMPORAL_ADDRESS or a profile); if not, Karma runs local mode.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Options.TargetHost);

    public string Namespace => Options.Namespace;

    /// <summary>The address, namespace and kind of security, for messages and logs: no key, no file contents.</summary>
    public string Describe()
    {
        var security = Options.Tls is null ? "plaintext" : Options.Tls.ClientCert is null ? "TLS" : "mTLS";
        var apiKey = Options.ApiKey is null ? string.Empty : ", API key";
        return $"{Options.TargetHost ?? "(no address)"} (namespace {Options.Namespace}, {security}{apiKey}; from {Source})";
    }
}
