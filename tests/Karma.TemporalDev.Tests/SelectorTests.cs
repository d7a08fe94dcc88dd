using Karma.TemporalDev.Selection;
using Karma.Testing;
using Temporalio.Client;

namespace Karma.TemporalDev.Tests;

public sealed class SelectorTests
{
    [Fact]
    public async Task Temporal_address_from_the_environment_wins_and_nothing_is_started()
    {
        await using var endpoint = await TemporalEndpointSelector.SelectAsync(new TemporalEndpointSelectorOptions
        {
            GetEnvironmentVariable = name => name == "TEMPORAL_ADDRESS" ? "temporal.example:7233" : null,
        }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(TemporalEndpointKind.Environment, endpoint.Kind);
        Assert.Equal("temporal.example:7233", endpoint.Address);
    }

    [Fact]
    public async Task Without_address_or_cli_the_embedded_server_is_started_and_served()
    {
        using var emptyPath = new TempDirectory("no-temporal-cli");
        await using var endpoint = await TemporalEndpointSelector.SelectAsync(new TemporalEndpointSelectorOptions
        {
            Ephemeral = true,
            GetEnvironmentVariable = name => name == "PATH" ? emptyPath.Path : null,
        }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(TemporalEndpointKind.Embedded, endpoint.Kind);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(endpoint.Address));
        Assert.NotNull(await client.WorkflowService.GetSystemInfoAsync(new()));
    }

    [Fact]
    public async Task The_embedded_server_reports_its_web_ui_and_names_it_in_the_description()
    {
        using var emptyPath = new TempDirectory("no-temporal-cli");
        await using var endpoint = await TemporalEndpointSelector.SelectAsync(new TemporalEndpointSelectorOptions
        {
            Ephemeral = true,
            UiPort = 0,
            GetEnvironmentVariable = name => name == "PATH" ? emptyPath.Path : null,
        }, cancellationToken: TestContext.Current.CancellationToken);
        Browser.HeadlessChromium.RequireOrSkip(endpoint.Ui is not null, "the Temporal UI was not built (node and npm on PATH at build time)");
        Assert.Contains($"Temporal UI at {endpoint.Ui!.ToString().TrimEnd('/')}", endpoint.Description, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = endpoint.Ui };
        Assert.Contains("<html", await http.GetStringAsync("/namespaces/default/workflows", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporal_cli_on_path_is_started_with_start_dev_and_a_sibling_database()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The stand-in temporal CLI is a bash script.");
        using var dir = new TempDirectory("fake-temporal-cli");
        var argsFile = dir.Combine("args.txt");
        var dll = Path.Combine(AppContext.BaseDirectory, "karma-temporal-dev.dll");

        // A stand-in `temporal` that records how it was called, then serves the port with karma-temporal-dev.
        var script = dir.Combine("temporal");
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/bash
            echo "$@" > '{{argsFile}}'
            while [ $# -gt 0 ]; do case "$1" in --port) PORT=$2; shift;; esac; shift; done
            exec dotnet '{{dll}}' --port "$PORT" --ephemeral
            """.Replace("\r", string.Empty, StringComparison.Ordinal), TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await using (var endpoint = await TemporalEndpointSelector.SelectAsync(new TemporalEndpointSelectorOptions
        {
            DbPath = dir.Combine("karma.db"),
            Namespaces = ["karma"],
            GetEnvironmentVariable = name => name == "PATH" ? dir.Path : null,
        }, cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Equal(TemporalEndpointKind.TemporalCli, endpoint.Kind);
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(endpoint.Address));
            Assert.NotNull(await client.WorkflowService.GetSystemInfoAsync(new()));
        }

        var args = await File.ReadAllTextAsync(argsFile, TestContext.Current.CancellationToken);
        Assert.StartsWith("server start-dev --port ", args, StringComparison.Ordinal);
        Assert.Contains($"--db-filename {dir.Combine("karma.temporal-cli.db")}", args, StringComparison.Ordinal);
        Assert.Contains("--namespace karma", args, StringComparison.Ordinal);
    }
}
