namespace Karma.TemporalDev.Selection;

/// <summary>Inputs of <see cref="TemporalEndpointSelector.SelectAsync"/>; defaults read the real environment.</summary>
public sealed class TemporalEndpointSelectorOptions
{
    /// <summary>Database for a started server. Default: KARMA_HOME (or ~/.karma)/temporal-dev.db; the temporal CLI gets a sibling file.</summary>
    public string? DbPath { get; set; }

    /// <summary>Keep a started server in memory only (tests, throwaway runs).</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Port for a started server; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Port of a started embedded server's Web UI and HTTP API; 0 picks a free one, null serves neither.</summary>
    public int? UiPort { get; set; }

    /// <summary>Whether <see cref="UiPort"/> is only a preference (see <see cref="Hosting.TemporalDevServerOptions.UiPortFallback"/>).</summary>
    public bool UiPortFallback { get; set; }

    /// <summary>Namespaces a started server must have ("default" always exists).</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>Environment lookup (TEMPORAL_ADDRESS, PATH); replaceable for tests.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>How long to wait for a `temporal server start-dev` to accept connections.</summary>
    public TimeSpan CliStartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
