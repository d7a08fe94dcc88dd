using System.Text.Json;
using Karma.Activities.ParameterStore;
using Karma.Core.Ports;

namespace Karma.Cli.Tests;

/// <summary>
/// Proposals a real karma process refuses before anything is proposed, planned or published: Parameter Store paths
/// carry no environment, so a mistyped <c>--env</c> would overwrite the real environment's config and create its
/// infrastructure a second time. And a change that would make a dependency cycle ends invalid, nothing committed.
/// </summary>
public sealed class EnvironmentGuardSpecs : IAsyncDisposable
{
    private readonly CliWorkspace _workspace = new("karma-cli-env", "a vpc, its cluster and a bucket",
        ("iac/dev/vpc/main/config.json", """{"cidr":"10.0.0.0/16"}"""),
        ("iac/dev/ecs-cluster/main/config.json", """{"vpc_nickname":"main"}"""),
        ("iac/dev/s3-bucket/assets/config.json", """{"bucket_name":"assets"}"""),
        ("iac/prod/s3-bucket/assets/config.json", """{"bucket_name":"assets-prod"}"""));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mistyped_env_is_a_usage_error_for_propose_change_deploy_and_plan_and_nothing_starts()
    {
        var input = await InputAsync("""{"bucket_name":"assets-2"}""");
        var head = _workspace.Repo.Head();

        foreach (var args in new[]
        {
            new[] { "--env", "nosuchenv", "propose-change", "s3-bucket", "assets", "--input", input },
            ["--env", "nosuchenv", "deploy", "s3-bucket", "assets"],
            ["--env", "nosuchenv", "plan", "s3-bucket", "assets"],
            ["--env", "nosuchenv", "plan", "s3-bucket", "assets", "--input", input],
        })
        {
            var run = await _workspace.Karma("alice@example.com").RunAsync(_workspace.Temp.Path, args);

            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("unknown environment 'nosuchenv'", run.StdErr, StringComparison.Ordinal);
            Assert.Contains("Environments present: dev, prod", run.StdErr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.StdOut);
        }

        // Refused before a server, a worker or a store was touched: nothing proposed, published or committed.
        Assert.False(File.Exists(Path.Combine(_workspace.Home, "temporal-dev", "server.json")));
        Assert.Equal(head, _workspace.Repo.Head());
        Assert.Null(await PublishedAsync("/iac/s3-bucket/assets/config"));
    }

    [Fact]
    public async Task An_env_other_than_the_one_parameter_store_belongs_to_is_refused()
    {
        Directory.CreateDirectory(_workspace.Home);
        using (var store = LocalParameterStore.InHome(_workspace.Home))
        {
            await store.PutAsync(new ParameterWrite("/iac/environment", """{"name":"acme-prod","environment":"prod"}""", Overwrite: true), Ct);
        }

        var input = await InputAsync("""{"bucket_name":"assets-2"}""");
        var run = await _workspace.Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "--env", "dev", "propose-change", "s3-bucket", "assets", "--input", input);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("environment 'dev' is not the one this Parameter Store belongs to: /iac/environment says 'prod'", run.StdErr, StringComparison.Ordinal);
        Assert.Null(await PublishedAsync("/iac/s3-bucket/assets/config"));
    }

    [Fact]
    public async Task Proposing_with_no_config_repo_is_a_usage_error()
    {
        var input = await InputAsync("""{"bucket_name":"assets-2"}""");
        var noRepo = new KarmaProcess(_workspace.Home, new Dictionary<string, string?>
        {
            ["Karma__Identity__User"] = "alice@example.com",
            ["Karma__Environment"] = "dev",
        });

        var run = await noRepo.RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("no config repo is configured", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_workspace.Home, "temporal-dev", "server.json")));
    }

    [Fact]
    public async Task A_change_that_would_make_a_cycle_ends_invalid_naming_the_cycle_and_nothing_is_published_or_committed()
    {
        var input = await InputAsync("""{"cidr":"10.0.0.0/16","depends_on":["ecs-cluster/main"]}""");
        var head = _workspace.Repo.Head();

        var run = await _workspace.Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "vpc", "main", "--input", input, "-o", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        using var status = JsonDocument.Parse(run.StdOut);
        Assert.Equal("invalid", status.RootElement.GetProperty("state").GetString());
        // The end state's timeline entry carries the reason (the result may be recorded a moment after the state).
        var ended = status.RootElement.GetProperty("timeline").EnumerateArray().Last(t => t.GetProperty("state").GetString() == "invalid");
        Assert.Contains("dependency cycle: vpc/main -> ecs-cluster/main -> vpc/main", ended.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(head, _workspace.Repo.Head());
        Assert.Null(await PublishedAsync("/iac/vpc/main/config"));
    }

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    private async Task<string> InputAsync(string json)
    {
        var path = _workspace.Temp.Combine($"input-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json, Ct);
        return path;
    }

    private async Task<string?> PublishedAsync(string name)
    {
        if (!File.Exists(Path.Combine(_workspace.Home, LocalParameterStore.DefaultFileName)))
        {
            return null;
        }

        using var store = LocalParameterStore.InHome(_workspace.Home);
        return (await store.TryGetAsync(name, withDecryption: false, Ct))?.Value;
    }
}
