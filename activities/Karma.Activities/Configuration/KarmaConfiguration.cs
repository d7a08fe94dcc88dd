using Karma.Core.Secrets;
using Microsoft.Extensions.Configuration;

namespace Karma.Activities.Configuration;

/// <summary>One setting as shown to users: secrets are masked.</summary>
public sealed record KarmaSettingView(string Key, string? Value, string Source);

/// <summary>The loaded configuration: bound options, the merged key/value view for other binders, and where each value came from.</summary>
public sealed class KarmaConfiguration
{
    private readonly IReadOnlyDictionary<string, string> _sources;

    internal KarmaConfiguration(
        KarmaOptions options, IConfigurationRoot configuration, IReadOnlyDictionary<string, string> sources, IReadOnlyDictionary<string, string?> environment)
    {
        Options = options;
        EnvironmentVariables = environment;
        Configuration = configuration;
        _sources = sources;
    }

    public KarmaOptions Options { get; }

    /// <summary>
    /// The environment the configuration was loaded from: libraries that read their own variables (the Temporal SDK's
    /// TEMPORAL_* environment configuration) read them from here, so tests and hosts see one consistent view.
    /// </summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; }

    /// <summary>All layers merged, keys as <c>Karma:Section:Key</c>: hand this to other libraries' option loaders.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Keys naming a secret anywhere in their path (Karma's one rule, <see cref="SecretRedactor.IsSecretKey"/>): never shown, never logged.</summary>
    public static bool IsSecretKey(string key) => SecretRedactor.IsSecretKey(key);

    /// <summary>Where the effective value of <paramref name="key"/> came from ("built-in default" when nothing set it).</summary>
    public string SourceOf(string key) => _sources.TryGetValue(key, out var source) ? source : "built-in default";

    /// <summary>Every explicitly set key with its effective value (secrets masked) and source, ordered by key.</summary>
    public IReadOnlyList<KarmaSettingView> Describe() =>
        [.. Configuration.GetSection(KarmaOptions.SectionName).AsEnumerable()
            .Where(pair => pair.Value is not null)
            .OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
            .Select(pair => new KarmaSettingView(pair.Key, IsSecretKey(pair.Key) ? "****" : pair.Value, SourceOf(pair.Key)))];
}
