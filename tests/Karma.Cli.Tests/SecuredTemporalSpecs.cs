using Karma.TemporalDev.Hosting;
using Karma.Testing;

namespace Karma.Cli.Tests;

/// <summary>
/// A user points karma at a cluster that serves mTLS and wants an API key (temporal-dev with --tls-cert, --tls-key,
/// --tls-client-ca and --api-key): with the right credentials the command works; with a wrong or missing one it ends
/// with exit 3 and says what the server refused, and never prints the key.
/// </summary>
public sealed class SecuredTemporalSpecs : IAsyncLifetime
{
    private const string ApiKey = "cli-test-key-93ab";
    private readonly TempDirectory _temp = new("karma-cli-mtls");
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
    public async Task With_the_right_certificate_and_key_karma_lists_changes()
    {
        var run = await Karma(Credentials()).RunAsync(_temp.Path, "changes");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_wrong_api_key_exits_3_naming_the_key_without_printing_it()
    {
        var run = await Karma(Credentials(apiKey: "not-the-key")).RunAsync(_temp.Path, "changes");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("API key refused", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", run.StdErr + run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_client_certificate_exits_3_naming_it()
    {
        var settings = Credentials();
        settings.Remove("Karma__Temporal__Tls__ClientCert");
        settings.Remove("Karma__Temporal__Tls__ClientKey");
        var run = await Karma(settings).RunAsync(_temp.Path, "changes");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("requires a client certificate", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_exits_3_naming_it()
    {
        var settings = Credentials();
        settings["Karma__Temporal__Tls__ClientCert"] = _pki.RogueClientCert;
        settings["Karma__Temporal__Tls__ClientKey"] = _pki.RogueClientKey;
        var run = await Karma(settings).RunAsync(_temp.Path, "changes");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("refused the client certificate", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_certificate_file_is_an_input_error_naming_the_setting()
    {
        var settings = Credentials();
        settings["Karma__Temporal__Tls__ServerCa"] = _temp.Combine("nowhere.pem");
        var run = await Karma(settings).RunAsync(_temp.Path, "changes");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Karma:Temporal:Tls:ServerCa", run.StdErr, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Credentials(string apiKey = ApiKey) => new()
    {
        ["TEMPORAL_ADDRESS"] = _server.Address,
        ["TEMPORAL_API_KEY"] = apiKey,
        ["Karma__Temporal__Tls__ServerCa"] = _pki.CaCert,
        ["Karma__Temporal__Tls__ServerName"] = "localhost",
        ["Karma__Temporal__Tls__ClientCert"] = _pki.ClientCert,
        ["Karma__Temporal__Tls__ClientKey"] = _pki.ClientKey,
    };

    private KarmaProcess Karma(Dictionary<string, string?> environment) => new(_temp.Combine("home"), environment);
}
