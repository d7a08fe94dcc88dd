using Karma.Activities.Configuration;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Common.EnvConfig;
using Temporalio.Exceptions;
using Temporalio.Runtime;

namespace Karma.Workflows.Hosting;

/// <summary>
/// The one place Karma builds Temporal clients (CLI, <c>karma worker</c>, service mode, the stateless API). Options
/// come as the Temporal CLI reads them — the profile of the environment configuration file (<c>temporal.toml</c>,
/// TEMPORAL_CONFIG_FILE) with the TEMPORAL_* variables over it — and Karma's <c>Karma:Temporal:*</c> settings on top.
/// </summary>
public static class TemporalClientFactory
{
    private const string Section = "Karma:Temporal";

    public static TemporalTarget Resolve(KarmaConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.Options.Temporal;
        bool IsSet(string key) => configuration.SourceOf($"{Section}:{key}") != "built-in default";

        var profile = LoadProfile(configuration, settings.Profile);
        var merged = profile with
        {
            Address = IsSet("Address") ? settings.Address : profile.Address,
            Namespace = IsSet("Namespace") ? settings.Namespace : profile.Namespace ?? settings.Namespace,
            ApiKey = settings.ApiKey ?? profile.ApiKey,
            Tls = MergeTls(profile.Tls, settings.Tls, configuration),
        };

        TemporalClientConnectOptions options;
        try
        {
            options = merged.ToClientConnectionOptions();

            // Disabled wins over an API key's implied TLS and over TLS files, as its documentation says.
            if (merged.Tls?.Disabled == true)
            {
                options.Tls = null;
            }
        }
        catch (IOException e)
        {
            throw new KarmaConfigurationException($"{Section}:Tls", "the Temporal profile", $"cannot read a TLS file: {e.Message}", e);
        }

        var source = IsSet("Address") ? configuration.SourceOf($"{Section}:Address")
            : profile.Address is not null ? $"Temporal profile '{settings.Profile ?? "default"}'"
            : "no address configured";
        return new TemporalTarget(options, source);
    }

    /// <summary>Connects to a configured <paramref name="target"/> (<see cref="TemporalTarget.IsConfigured"/>).</summary>
    /// <param name="runtime">The SDK runtime whose core logs go through the host's logging (<see cref="TemporalSdkLogging"/>).</param>
    public static Task<ITemporalClient> ConnectAsync(TemporalTarget target, ILoggerFactory? loggers = null, TemporalRuntime? runtime = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsConfigured)
        {
            throw new InvalidOperationException("No Temporal address is configured: start a local server and use ConnectLocalAsync.");
        }

        return ConnectCoreAsync((TemporalClientConnectOptions)target.Options.Clone(), target.Describe(), loggers, runtime);
    }

    /// <summary>
    /// Connects to a temporal-dev server Karma started on this machine (local mode): plaintext on loopback, so the
    /// TLS and API key of a profile meant for a cluster are not sent to it.
    /// </summary>
    public static Task<ITemporalClient> ConnectLocalAsync(string address, string @namespace, ILoggerFactory? loggers = null, TemporalRuntime? runtime = null) =>
        ConnectCoreAsync(new TemporalClientConnectOptions(address) { Namespace = @namespace }, $"{address} (namespace {@namespace}, local server)", loggers, runtime);

    private static async Task<ITemporalClient> ConnectCoreAsync(
        TemporalClientConnectOptions options, string described, ILoggerFactory? loggers, TemporalRuntime? runtime)
    {
        if (runtime is not null)
        {
            options.Runtime = runtime;
        }

        if (loggers is not null)
        {
            options.LoggerFactory = loggers;
        }

        try
        {
            return await TemporalClient.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or RpcException or IOException)
        {
            throw new TemporalConnectionException($"cannot connect to Temporal at {described}: {TemporalRefusal.Explain(e, options)}", e);
        }
    }

    private static ClientEnvConfig.Profile LoadProfile(KarmaConfiguration configuration, string? profileName)
    {
        var environment = configuration.EnvironmentVariables
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal);
        try
        {
            return ClientEnvConfig.Profile.Load(new ClientEnvConfig.ProfileLoadOptions { Profile = profileName, OverrideEnvVars = environment });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            throw new KarmaConfigurationException(
                $"{Section}:Profile", configuration.SourceOf($"{Section}:Profile"), $"cannot load the Temporal environment configuration: {e.Message}", e);
        }
    }

    private static ClientEnvConfig.Tls? MergeTls(ClientEnvConfig.Tls? fromProfile, TemporalTlsSettings settings, KarmaConfiguration configuration)
    {
        if (settings.ClientCert is null && settings.ClientKey is null && settings.ServerCa is null && settings.ServerName is null && settings.Disabled is null)
        {
            return fromProfile;
        }

        var tls = fromProfile ?? new ClientEnvConfig.Tls();
        tls = tls with
        {
            Disabled = settings.Disabled ?? tls.Disabled,
            ServerName = settings.ServerName ?? tls.ServerName,
            ServerRootCACert = PemFile(settings.ServerCa, "ServerCa", configuration) ?? tls.ServerRootCACert,
            ClientCert = PemFile(settings.ClientCert, "ClientCert", configuration) ?? tls.ClientCert,
            ClientPrivateKey = PemFile(settings.ClientKey, "ClientKey", configuration) ?? tls.ClientPrivateKey,
        };
        if ((tls.ClientCert is null) != (tls.ClientPrivateKey is null))
        {
            var missing = tls.ClientCert is null ? "ClientCert" : "ClientKey";
            var other = missing == "ClientCert" ? "ClientKey" : "ClientCert";
            throw new KarmaConfigurationException(
                $"{Section}:Tls:{missing}", configuration.SourceOf($"{Section}:Tls:{other}"), $"a client certificate needs both Tls:ClientCert and Tls:ClientKey; {other} is set, {missing} is not.");
        }

        return tls;
    }

    private static DataSource? PemFile(string? path, string key, KarmaConfiguration configuration)
    {
        if (path is null)
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        return File.Exists(full)
            ? DataSource.FromPath(full)
            : throw new KarmaConfigurationException($"{Section}:Tls:{key}", configuration.SourceOf($"{Section}:Tls:{key}"), $"the PEM file {full} does not exist.");
    }
}
