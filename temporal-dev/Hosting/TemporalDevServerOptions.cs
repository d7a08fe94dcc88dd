namespace Karma.TemporalDev.Hosting;

/// <summary>How to run an embedded karma-temporal-dev server.</summary>
public sealed class TemporalDevServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (read it back from <see cref="TemporalDevServer.Address"/>).</summary>
    public int Port { get; set; } = 7233;

    /// <summary>SQLite database file; created if missing. Ignored when <see cref="Ephemeral"/>. Default: KARMA_HOME (or ~/.karma)/temporal-dev.db.</summary>
    public string? DbPath { get; set; }

    /// <summary>Keep everything in memory; nothing survives the process.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Namespaces to create if missing ("default" always exists).</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>
    /// Port of the HTTP/JSON API (<c>/api/v1</c>) and the Temporal Web UI on <see cref="Host"/>; 0 picks a free one,
    /// null serves neither. The command line's default is 8233 (as <c>temporal server start-dev</c>).
    /// </summary>
    public int? UiPort { get; set; }

    /// <summary>
    /// <see cref="UiPort"/> is a preference (the default 8233): when another process binds it first, the UI takes any
    /// free port instead of the server failing to start. Probing beforehand cannot promise this: two servers starting
    /// at once both see the port free.
    /// </summary>
    public bool UiPortFallback { get; set; }

    /// <summary>Where the built UI is; default <c>temporal-ui/</c> beside the assembly (the build puts it there).</summary>
    public string? UiDirectory { get; set; }

    /// <summary>Loopback address to bind; "127.0.0.1" unless you need another interface.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Serve TLS with this certificate (PEM) instead of plaintext h2c; needs <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertPath { get; set; }

    /// <summary>Private key (PEM) of <see cref="TlsCertPath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Require a client certificate issued by this CA (PEM): mutual TLS, as a self-hosted cluster with mTLS does.</summary>
    public string? TlsClientCaPath { get; set; }

    /// <summary>Require <c>authorization: Bearer &lt;key&gt;</c> on every call, as Temporal Cloud does with API keys.</summary>
    public string? ApiKey { get; set; }

    public static string DefaultDbPath()
    {
        var home = Environment.GetEnvironmentVariable("KARMA_HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".karma");
        }

        return Path.Combine(home, "temporal-dev.db");
    }

    internal TemporalDevServerOptions WithUiPort(int? port)
    {
        var copy = (TemporalDevServerOptions)MemberwiseClone();
        copy.UiPort = port;
        return copy;
    }
}
