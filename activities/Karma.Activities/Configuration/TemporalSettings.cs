namespace Karma.Activities.Configuration;

/// <summary>
/// The Temporal service the worker, the API and the CLI talk to (<c>Karma:Temporal</c>). These settings lie on top
/// of the Temporal SDK's environment configuration (the <c>temporal.toml</c> profile and the <c>TEMPORAL_*</c>
/// variables), as the Temporal CLI reads them: a key set here wins, a key left unset comes from the profile.
/// </summary>
public sealed class TemporalSettings
{
    /// <summary><c>host:port</c> of the frontend (TEMPORAL_ADDRESS); unset with no profile address means local mode.</summary>
    public string Address { get; set; } = "localhost:7233";

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = "karma";

    /// <summary>The profile of the Temporal environment configuration file to start from (TEMPORAL_PROFILE, else <c>default</c>).</summary>
    public string? Profile { get; set; }

    /// <summary>API key sent as <c>authorization: Bearer …</c> (Temporal Cloud); turns TLS on unless disabled. A secret.</summary>
    public string? ApiKey { get; set; }

    public TemporalTlsSettings Tls { get; set; } = new();
}

/// <summary>TLS to the Temporal frontend (<c>Karma:Temporal:Tls</c>): PEM file paths, as the Temporal CLI's <c>--tls-*-path</c> flags.</summary>
public sealed class TemporalTlsSettings
{
    /// <summary>Client certificate (PEM) for mTLS; needs <see cref="ClientKey"/>.</summary>
    public string? ClientCert { get; set; }

    /// <summary>Private key (PEM) of the client certificate.</summary>
    public string? ClientKey { get; set; }

    /// <summary>CA certificate (PEM) to trust for the server instead of the system roots.</summary>
    public string? ServerCa { get; set; }

    /// <summary>The name the server certificate must carry, when it differs from the address's host.</summary>
    public string? ServerName { get; set; }

    /// <summary>True forces plaintext even with an API key or TLS files configured; false forces TLS.</summary>
    public bool? Disabled { get; set; }
}
