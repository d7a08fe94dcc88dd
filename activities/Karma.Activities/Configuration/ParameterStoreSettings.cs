namespace Karma.Activities.Configuration;

public enum ParameterStoreProvider
{
    /// <summary>AWS SSM Parameter Store (or an emulator at <see cref="ParameterStoreSettings.ServiceUrl"/>).</summary>
    Aws,

    /// <summary>The embedded SQLite store under Karma's home.</summary>
    Local,
}

/// <summary>Where component config and runtime parameters live (<c>Karma:ParameterStore</c>).</summary>
public sealed class ParameterStoreSettings
{
    /// <summary>Default: <c>aws</c> when AWS configuration is present in the environment, else <c>local</c>.</summary>
    public ParameterStoreProvider Provider { get; set; } = ParameterStoreProvider.Local;

    /// <summary>AWS region; unset uses AWS_REGION / AWS_DEFAULT_REGION / the profile.</summary>
    public string? Region { get; set; }

    /// <summary>Custom SSM endpoint (e.g. moto or LocalStack); unset uses AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL / AWS.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>File of the local store; unset means <c>&lt;Home&gt;/parameters.db</c>.</summary>
    public string? LocalPath { get; set; }

    /// <summary>Tier for values Karma writes: Standard (4 KB) or Advanced (8 KB).</summary>
    public string Tier { get; set; } = "Standard";
}
