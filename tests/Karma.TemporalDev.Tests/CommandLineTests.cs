using System.Diagnostics;
using Karma.TemporalDev.Cli;

namespace Karma.TemporalDev.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Options_parse_into_server_options()
    {
        var (options, verbose) = CommandLine.Parse(["--port", "0", "--db", "x.db", "--namespace", "a", "--namespace", "b", "--verbose"]);
        Assert.Equal(0, options.Port);
        Assert.Equal("x.db", options.DbPath);
        Assert.Equal(["a", "b"], options.Namespaces);
        Assert.True(verbose);
    }

    [Fact]
    public void The_ui_port_defaults_to_8233_and_can_be_moved_or_turned_off()
    {
        Assert.Equal(8233, CommandLine.Parse([]).Options.UiPort);
        Assert.Equal(0, CommandLine.Parse(["--ui-port", "0"]).Options.UiPort);
        Assert.Null(CommandLine.Parse(["--no-ui"]).Options.UiPort);
    }

    [Fact]
    public void Tls_flags_take_existing_pem_files_and_go_together()
    {
        var pem = Path.GetTempFileName();
        try
        {
            var (options, _) = CommandLine.Parse(["--tls-cert", pem, "--tls-key", pem, "--tls-client-ca", pem, "--api-key", "k"]);
            Assert.Equal((pem, pem, pem, "k"), (options.TlsCertPath, options.TlsKeyPath, options.TlsClientCaPath, options.ApiKey));
            Assert.Equal("--tls-cert and --tls-key go together.", Assert.Throws<CommandLineException>(() => CommandLine.Parse(["--tls-cert", pem])).Message);
            Assert.StartsWith("--tls-client-ca needs --tls-cert", Assert.Throws<CommandLineException>(() => CommandLine.Parse(["--tls-client-ca", pem])).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Theory]
    [InlineData(new[] { "--ui-port", "x" }, "--ui-port expects a number between 0 and 65535, got 'x'.")]
    [InlineData(new[] { "--ui-port", "1", "--no-ui" }, "--ui-port and --no-ui exclude each other.")]
    [InlineData(new[] { "--port", "abc" }, "--port expects a number between 0 and 65535, got 'abc'.")]
    [InlineData(new[] { "--port", "70000" }, "--port expects a number between 0 and 65535, got '70000'.")]
    [InlineData(new[] { "--db" }, "--db expects a value.")]
    [InlineData(new[] { "--db", "x.db", "--ephemeral" }, "--db and --ephemeral exclude each other.")]
    [InlineData(new[] { "--frobnicate" }, "Unknown argument '--frobnicate'.")]
    [InlineData(new[] { "--tls-cert", "/no/such/cert.pem" }, "--tls-cert: file '/no/such/cert.pem' does not exist.")]
    [InlineData(new[] { "--api-key" }, "--api-key expects a value.")]
    public void Bad_arguments_are_named_in_the_error(string[] args, string message) =>
        Assert.Equal(message, Assert.Throws<CommandLineException>(() => CommandLine.Parse(args)).Message);

    [Fact]
    public async Task The_executable_exits_2_with_usage_on_bad_arguments()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "karma-temporal-dev.dll"));
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("seven");
        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("error: --port expects a number between 0 and 65535, got 'seven'.", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: karma-temporal-dev", stderr, StringComparison.Ordinal);
    }
}
