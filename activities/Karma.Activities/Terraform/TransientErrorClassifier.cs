namespace Karma.Activities.Terraform;

/// <summary>
/// Decides from terraform's error text whether retrying the same step may help. Only failures known to be
/// temporary count as transient (a held lock, throttling, network trouble); everything else — invalid
/// configuration, missing variables, API validation errors — is permanent, so it fails fast instead of
/// burning retries on an input that can never work.
/// </summary>
public static class TransientErrorClassifier
{
    private static readonly string[] TransientMarkers =
    [
        "Error acquiring the state lock",
        "connection refused",
        "connection reset",
        "i/o timeout",
        "TLS handshake timeout",
        "no such host",
        "context deadline exceeded",
        "ThrottlingException",
        "Throttling:",
        "Rate exceeded",
        "TooManyRequests",
        "RequestLimitExceeded",
        "ServiceUnavailable",
        "InternalFailure",
        "SlowDown",
        "Failed to query available provider packages",
        "could not connect to registry",
    ];

    public static bool IsTransient(IEnumerable<string> errorLines) =>
        errorLines.Any(line => TransientMarkers.Any(marker => line.Contains(marker, StringComparison.OrdinalIgnoreCase)));
}
