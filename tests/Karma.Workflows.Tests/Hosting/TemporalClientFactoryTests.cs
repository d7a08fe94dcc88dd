using Karma.Activities.Configuration;
using Karma.Testing;
using Karma.Workflows.Hosting;

namespace Karma.Workflows.Tests.Hosting;

/// <summary>How the Temporal profile file, the TEMPORAL_* variables and Karma's settings combine, as the Temporal CLI combines them.</summary>
public sealed class TemporalClientFactoryTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-envconfig");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Nothing_configured_means_local_mode()
    {
        var target = Resolve(new() { ["TEMPORAL_CONFIG_FILE"] = WriteProfiles() });
        Assert.False(target.IsConfigured);
        Assert.Equal("default", target.Namespace);
    }

    [Fact]
    public void A_named_profile_supplies_address_namespace_and_api_key()
    {
        var target = Resolve(new() { ["TEMPORAL_CONFIG_FILE"] = WriteProfiles(), ["TEMPORAL_PROFILE"] = "prod" });
        Assert.True(target.IsConfigured);
        Assert.Equal(("prod.tmprl.cloud:7233", "karma-prod"), (target.Options.TargetHost, target.Namespace));
        Assert.Equal("profile-key", target.Options.ApiKey);
        Assert.NotNull(target.Options.Tls);
        Assert.Contains("Temporal profile 'prod'", target.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Karma_settings_win_over_the_profile_and_the_key_stays_out_of_descriptions()
    {
        var configuration = Load(new()
        {
            ["TEMPORAL_CONFIG_FILE"] = WriteProfiles(),
            ["Karma__Temporal__Profile"] = "prod",
            ["Karma__Temporal__Namespace"] = "karma-staging",
            ["Karma__Temporal__ApiKey"] = "setting-key",
        });
        var target = TemporalClientFactory.Resolve(configuration);
        Assert.Equal(("prod.tmprl.cloud:7233", "karma-staging", "setting-key"), (target.Options.TargetHost, target.Namespace, target.Options.ApiKey));
        Assert.DoesNotContain("setting-key", target.Describe(), StringComparison.Ordinal);
        Assert.Equal("****", Assert.Single(configuration.Describe(), s => s.Key == "Karma:Temporal:ApiKey").Value);
    }

    [Fact]
    public void Tls_disabled_wins_over_the_tls_an_api_key_implies()
    {
        var target = Resolve(new() { ["TEMPORAL_ADDRESS"] = "10.0.0.5:7233", ["TEMPORAL_API_KEY"] = "k", ["Karma__Temporal__Tls__Disabled"] = "true" });
        Assert.Null(target.Options.Tls);
        Assert.Equal("k", target.Options.ApiKey);
    }

    [Fact]
    public void A_client_certificate_without_its_key_names_the_missing_setting()
    {
        var cert = _temp.Combine("client.pem");
        File.WriteAllText(cert, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        var e = Assert.Throws<KarmaConfigurationException>(() => Resolve(new() { ["TEMPORAL_ADDRESS"] = "h:7233", ["Karma__Temporal__Tls__ClientCert"] = cert }));
        Assert.Equal("Karma:Temporal:Tls:ClientKey", e.Key);
    }

    [Fact]
    public void An_unknown_profile_names_the_profile_setting()
    {
        var e = Assert.Throws<KarmaConfigurationException>(() => Resolve(new() { ["TEMPORAL_CONFIG_FILE"] = WriteProfiles(), ["TEMPORAL_PROFILE"] = "nope" }));
        Assert.Equal("Karma:Temporal:Profile", e.Key);
    }

    [Fact]
    public void The_mtls_profile_of_docs_deployment_loads_its_files()
    {
        var pki = TestCertificates.Create(_temp.Combine("pki"));
        var target = Resolve(new() { ["TEMPORAL_CONFIG_FILE"] = WriteProfiles(pki), ["TEMPORAL_PROFILE"] = "onprem" });
        Assert.Equal(File.ReadAllBytes(pki.ClientCert), target.Options.Tls?.ClientCert);
        Assert.Equal(File.ReadAllBytes(pki.CaCert), target.Options.Tls?.ServerRootCACert);
        Assert.Equal("temporal.internal.example.com", target.Options.Tls?.Domain);
        Assert.Contains("mTLS", target.Describe(), StringComparison.Ordinal);
    }

    private string WriteProfiles(TestCertificates? pki = null)
    {
        var path = _temp.Combine("temporal.toml");
        var onprem = pki is null ? string.Empty : $"""

            [profile.onprem]
            address = "temporal.internal.example.com:7233"
            namespace = "karma"
            [profile.onprem.tls]
            client_cert_path = "{pki.ClientCert}"
            client_key_path = "{pki.ClientKey}"
            server_ca_cert_path = "{pki.CaCert}"
            server_name = "temporal.internal.example.com"
            """;
        File.WriteAllText(path, """
            [profile.prod]
            address = "prod.tmprl.cloud:7233"
            namespace = "karma-prod"
            api_key = "profile-key"
            """ + onprem);
        return path;
    }

    private TemporalTarget Resolve(Dictionary<string, string?> environment) => TemporalClientFactory.Resolve(Load(environment));

    private KarmaConfiguration Load(Dictionary<string, string?> environment) =>
        KarmaConfigurationLoader.Load(new KarmaConfigurationInput { EnvironmentVariables = environment, UserProfile = _temp.Combine("profile") });
}
