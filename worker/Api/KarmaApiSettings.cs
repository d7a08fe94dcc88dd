using Karma.Activities.Configuration;
using Microsoft.Extensions.Configuration;

namespace Karma.Worker.Api;

/// <summary>How the API serves the graph.</summary>
public enum ApiGraphMode
{
    /// <summary>Service mode: an in-memory immutable snapshot, refreshed when a graph write completes.</summary>
    Cached,

    /// <summary>Serverless mode: every request loads what it needs from the graph store; nothing is kept.</summary>
    Stateless,
}

/// <summary>
/// The HTTP API's settings (section <c>Karma:Api</c>). Hosts register this type with the configuration schema
/// (<see cref="Schema"/>) so the richer token list validates.
/// </summary>
public sealed class KarmaApiSettings
{
    public const string SectionPath = "Api";

    /// <summary>Set false to run the worker without the HTTP API.</summary>
    public bool Enabled { get; set; } = true;

    public ApiGraphMode Mode { get; set; } = ApiGraphMode.Cached;

    /// <summary>Bodies larger than this are refused with 413 (POST bodies carry one component config).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Fallback re-check of the store for writes made by other processes (e.g. the CLI). Writes through this process
    /// refresh the snapshot immediately; this interval only bounds staleness for foreign writers.
    /// </summary>
    public int RefreshIntervalSeconds { get; set; } = 60;

    /// <summary>Bearer tokens and who they stand for.</summary>
    public List<ApiTokenSettings> Tokens { get; set; } = [];

    /// <summary>The default schema plus this section's shape: pass it to <see cref="KarmaConfigurationLoader.Load"/>.</summary>
    public static KarmaConfigurationSchema Schema(KarmaConfigurationSchema? schema = null) =>
        (schema ?? KarmaConfigurationSchema.Default).WithSection(SectionPath, typeof(KarmaApiSettings));

    public static KarmaApiSettings From(KarmaConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new KarmaApiSettings();
        configuration.Configuration.GetSection($"{KarmaOptions.SectionName}:{SectionPath}").Bind(settings);
        return settings;
    }
}

/// <summary>One accepted bearer token. Prefer <see cref="TokenSha256"/>: the configuration then holds no usable secret.</summary>
public sealed class ApiTokenSettings
{
    /// <summary>The token itself (secret). Hashed at start-up and never kept or printed.</summary>
    public string? Token { get; set; }

    /// <summary>Lower- or upper-case hex SHA-256 of the token's UTF-8 bytes (e.g. <c>printf %s "$T" | sha256sum</c>).</summary>
    public string? TokenSha256 { get; set; }

    public string Identity { get; set; } = string.Empty;

    /// <summary>reader, proposer, approver.</summary>
    public List<string> Roles { get; set; } = [];
}
