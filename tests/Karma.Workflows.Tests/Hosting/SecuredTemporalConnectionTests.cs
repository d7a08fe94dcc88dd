using Karma.Activities.Configuration;
using Karma.TemporalDev.Hosting;
using Karma.Testing;
using Karma.Workflows.Hosting;

namespace Karma.Workflows.Tests.Hosting;

/// <summary>
/// Karma's Temporal settings against temporal-dev serving mTLS and requiring an API key, as a secured cluster or
/// Temporal Cloud does: the right credentials connect, and each wrong or missing one is refused with a message
/// naming what was refused.
/// </summary>
public sealed class SecuredTemporalConnectionTests : IAsyncLifetime
{
    private const string ApiKey = "karma-test-key-4f1d";
    private readonly TempDirectory _temp = new("karma-mtls");
    private TestCertificates _pki = null!;
    private TemporalDevServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _pki = TestCertificates.Create(_temp.Combine("pki"));
        _server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions
        {
            Port = 0,
            Ephemeral = true,
            TlsCertPath = _pki.ServerCert,
            TlsKeyPath = _pki.ServerKey,
            TlsClientCaPath = _pki.CaCert,
            ApiKey = ApiKey,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task The_right_certificates_and_key_connect()
    {
        var client = await TemporalClientFactory.ConnectAsync(Resolve(Credentials()));
        Assert.Equal("default", client.Options.Namespace);
    }

    [Fact]
    public async Task A_missing_api_key_is_refused_and_named()
    {
        var e = await Assert.ThrowsAsync<TemporalConnectionException>(() => TemporalClientFactory.ConnectAsync(Resolve(Credentials(apiKey: null))));
        Assert.Contains("API key required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_and_not_printed()
    {
        var e = await Assert.ThrowsAsync<TemporalConnectionException>(() => TemporalClientFactory.ConnectAsync(Resolve(Credentials(apiKey: "guessed"))));
        Assert.Contains("API key refused", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guessed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_client_certificate_is_refused_and_named()
    {
        var settings = Credentials();
        settings.Remove("Karma__Temporal__Tls__ClientCert");
        settings.Remove("Karma__Temporal__Tls__ClientKey");
        var e = await Assert.ThrowsAsync<TemporalConnectionException>(() => TemporalClientFactory.ConnectAsync(Resolve(settings)));
        Assert.Contains("requires a client certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused_and_named()
    {
        var settings = Credentials();
        settings["Karma__Temporal__Tls__ClientCert"] = _pki.RogueClientCert;
        settings["Karma__Temporal__Tls__ClientKey"] = _pki.RogueClientKey;
        var e = await Assert.ThrowsAsync<TemporalConnectionException>(() => TemporalClientFactory.ConnectAsync(Resolve(settings)));
        Assert.Contains("refused the client certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_certificate_from_an_untrusted_ca_is_refused_and_named()
    {
        var settings = Credentials();
        settings["Karma__Temporal__Tls__ServerCa"] = _pki.RogueCaCert;
        var e = await Assert.ThrowsAsync<TemporalConnectionException>(() => TemporalClientFactory.ConnectAsync(Resolve(settings)));
        Assert.Contains("server certificate is not trusted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plaintext_to_a_tls_server_is_refused()
    {
        var settings = Credentials(apiKey: null);
        settings["Karma__Temporal__Tls__Disabled"] = "true";
        var target = Resolve(settings);
        Assert.Null(target.Options.Tls);
        var e = await Assert.ThrowsAsync<TemporalConnectionException>(() => TemporalClientFactory.ConnectAsync(target));
        Assert.Contains("plaintext", e.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Credentials(string? apiKey = ApiKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TEMPORAL_ADDRESS"] = _server.Address,
            ["Karma__Temporal__Tls__ServerCa"] = _pki.CaCert,
            ["Karma__Temporal__Tls__ServerName"] = "localhost",
            ["Karma__Temporal__Tls__ClientCert"] = _pki.ClientCert,
            ["Karma__Temporal__Tls__ClientKey"] = _pki.ClientKey,
        };
        if (apiKey is not null)
        {
            settings["TEMPORAL_API_KEY"] = apiKey;
        }

        return settings;
    }

    private TemporalTarget Resolve(Dictionary<string, string?> environment) =>
        TemporalClientFactory.Resolve(KarmaConfigurationLoader.Load(new KarmaConfigurationInput
        {
            EnvironmentVariables = environment,
            UserProfile = _temp.Combine("profile"),
        }));
}
