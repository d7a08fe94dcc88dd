using System.Globalization;
using Karma.Gremlin.Transport;
using Microsoft.Extensions.Configuration;

namespace Karma.Gremlin.Neptune;

/// <summary>
/// Settings under <c>Karma:Graph:Neptune</c>. Neptune is selected with <c>Karma:Graph:Provider=neptune</c>.
/// </summary>
public sealed class NeptuneOptions
{
    public const string ProviderKey = "Karma:Graph:Provider";
    public const string ProviderName = "neptune";
    public const string Section = "Karma:Graph:Neptune";

    /// <summary><c>wss://host:8182/gremlin</c>; <c>ws://</c> only for local servers and never with IAM.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>AWS region for SigV4 (required when <see cref="Iam"/>).</summary>
    public string? Region { get; init; }

    public bool Iam { get; init; }

    public int MaxConnections { get; init; } = 8;

    /// <summary>Records (vertices or edges) per write request; Neptune's guidance is about 200.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Upper bound of steps per write request (nested steps included); Neptune advises staying below ~1,500.</summary>
    public int MaxStepsPerRequest { get; init; } = 1500;

    /// <summary>Write requests in flight at once.</summary>
    public int MaxParallelRequests { get; init; } = 8;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>SASL PLAIN, for a Gremlin Server with authentication (Neptune uses IAM instead).</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    public static bool IsSelected(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.Equals(configuration[ProviderKey], ProviderName, StringComparison.OrdinalIgnoreCase);
    }

    public static NeptuneOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var endpointText = section["Endpoint"];
        if (string.IsNullOrWhiteSpace(endpointText))
        {
            throw new NeptuneConfigurationException($"{Section}:Endpoint is required when {ProviderKey}={ProviderName} (e.g. wss://my-cluster.cluster-xxxx.us-east-1.neptune.amazonaws.com:8182/gremlin).");
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != "wss" && endpoint.Scheme != "ws"))
        {
            throw new NeptuneConfigurationException($"{Section}:Endpoint '{endpointText}' must be a wss:// URI (ws:// only for a local Gremlin Server).");
        }

        var options = new NeptuneOptions
        {
            Endpoint = endpoint,
            Region = NullIfBlank(section["Region"]),
            Iam = ReadBool(section, "Iam", false),
            MaxConnections = ReadPositive(section, "MaxConnections", 8),
            BatchSize = ReadPositive(section, "BatchSize", 200),
            MaxStepsPerRequest = ReadPositive(section, "MaxStepsPerRequest", 1500),
            MaxParallelRequests = ReadPositive(section, "MaxParallelRequests", 8),
            RequestTimeout = TimeSpan.FromSeconds(ReadPositive(section, "RequestTimeoutSeconds", 120)),
            Username = NullIfBlank(section["Username"]),
            Password = NullIfBlank(section["Password"]),
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (Iam && string.IsNullOrWhiteSpace(Region))
        {
            throw new NeptuneConfigurationException($"{Section}:Region is required when {Section}:Iam=true (SigV4 signs for one region).");
        }

        // Signature headers over plaintext would let anyone on the path replay them for minutes.
        if (Iam && Endpoint.Scheme != "wss")
        {
            throw new NeptuneConfigurationException($"{Section}:Iam=true needs a wss:// endpoint; '{Endpoint}' is not encrypted.");
        }

        if (Username is null != (Password is null))
        {
            throw new NeptuneConfigurationException($"{Section}:Username and {Section}:Password go together.");
        }
    }

    public GremlinClientOptions ToClientOptions() => new()
    {
        Endpoint = Endpoint,
        MaxConnections = MaxConnections,
        RequestTimeout = RequestTimeout,
        Username = Username,
        Password = Password,
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool ReadBool(IConfigurationSection section, string key, bool fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw new NeptuneConfigurationException($"{Section}:{key} must be true or false, not '{text}'.");
    }

    private static int ReadPositive(IConfigurationSection section, string key, int fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new NeptuneConfigurationException($"{Section}:{key} must be a positive whole number, not '{text}'.");
    }
}
