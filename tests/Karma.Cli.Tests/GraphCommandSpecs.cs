using System.Text.Json;

namespace Karma.Cli.Tests;

/// <summary>What an engineer sees when building and querying the graph with the real <c>karma</c> process.</summary>
public sealed class GraphCommandSpecs : IDisposable
{
    private readonly ConfigRepoFixture _fixture = new();

    [Fact]
    public async Task Graph_build_writes_the_graph_and_summarises_it()
    {
        var run = await _fixture.RunInRepoAsync("graph", "build");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("environment dev", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("4 components", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("0 errors", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("graph version 1 written", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdErr);
    }

    [Fact]
    public async Task A_second_build_of_the_same_commit_changes_nothing()
    {
        await _fixture.RunInRepoAsync("graph", "build");

        var run = await _fixture.RunInRepoAsync("graph", "build");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("graph unchanged (version 1)", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_findings_of_one_kind_print_as_a_count_with_examples_and_verbose_lists_them_all()
    {
        foreach (var name in new[] { "logs", "media", "backups" })
        {
            _fixture.Repo.WriteFile($"iac/dev/s3-bucket/{name}.json", $$"""{"bucket_name":"{{name}}"}""");
        }

        _fixture.Repo.Commit("three more buckets");

        var summary = await _fixture.RunInRepoAsync("validate");
        var verbose = await _fixture.RunInRepoAsync("validate", "--verbose");

        Assert.True(summary.ExitCode == 0, summary.ToString());
        Assert.Contains("  warning never-applied: 7 components, e.g.", summary.StdOut, StringComparison.Ordinal);
        Assert.Contains("    … and 4 more (--verbose or --output json lists them all)", summary.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, summary.StdOut.Split('\n').Count(line => line.StartsWith("    /iac/", StringComparison.Ordinal) && line.Contains("never applied", StringComparison.Ordinal)));
        Assert.Equal(7, verbose.StdOut.Split('\n').Count(line => line.StartsWith("  warning never-applied: /iac/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Downstream_lists_transitive_dependents_one_per_line()
    {
        await _fixture.RunInRepoAsync("graph", "build");

        var run = await _fixture.RunAsync("graph", "query", "downstream", "vpc/main-vpc", "--env", "dev");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["ecs-cluster/main-cluster", "ecs-service/api"], run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Upstream_and_consumers_answer_as_json()
    {
        await _fixture.RunInRepoAsync("graph", "build");

        var upstream = await _fixture.RunAsync("graph", "query", "upstream", "ecs-service/api", "--env", "dev", "--output", "json");
        var consumers = await _fixture.RunAsync("graph", "query", "consumers", "vpc/main-vpc", "--env", "dev", "-o", "json");

        Assert.True(upstream.ExitCode == 0, upstream.ToString());
        using var up = JsonDocument.Parse(upstream.StdOut);
        Assert.Equal(["ecs-cluster/main-cluster", "vpc/main-vpc"], up.RootElement.GetProperty("components").EnumerateArray().Select(e => e.GetString()));
        using var con = JsonDocument.Parse(consumers.StdOut);
        Assert.Equal(["ecs-cluster/main-cluster"], con.RootElement.GetProperty("components").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("table", "COMPONENT")]
    [InlineData("json", "\"nodes\"")]
    [InlineData("dot", "digraph")]
    [InlineData("mermaid", "flowchart")]
    public async Task Graph_show_renders_every_format(string format, string expected)
    {
        await _fixture.RunInRepoAsync("graph", "build");

        var run = await _fixture.RunAsync("graph", "show", "--format", format, "--env", "dev");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(expected, run.StdOut, StringComparison.Ordinal);
        Assert.Contains("ecs-service/api", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cycle_fails_the_build_names_the_cycle_and_writes_nothing()
    {
        _fixture.Repo.WriteFile("iac/dev/vpc/main-vpc/config.json", """{"cidr_block":"10.0.0.0/16","cluster_nickname":"main-cluster"}""");
        _fixture.Repo.Commit("introduce a cycle");

        var run = await _fixture.RunInRepoAsync("graph", "build");
        var show = await _fixture.RunAsync("graph", "show", "--env", "dev");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("->", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("nothing written", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(2, show.ExitCode);
        Assert.Contains("no graph has been built", show.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_reported_with_file_line_and_column()
    {
        _fixture.Repo.WriteFile("iac/dev/s3-bucket/assets.json", "{\n  \"bucket_name\": \"assets\",,\n}");
        _fixture.Repo.Commit("break a file");

        var run = await _fixture.RunInRepoAsync("validate", "--output", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        using var document = JsonDocument.Parse(run.StdOut);
        var error = Assert.Single(document.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("malformed-json", error.GetProperty("code").GetString());
        Assert.StartsWith("iac/dev/s3-bucket/assets.json:2:", error.GetProperty("location").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dangling_reference_names_the_consumer_path_and_missing_provider()
    {
        _fixture.Repo.WriteFile("iac/dev/lambda/fn/config.json", """{"functions":{"a":{"vpc_nickname":"other-vpc"}}}""");
        _fixture.Repo.Commit("dangling");

        var run = await _fixture.RunInRepoAsync("validate");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("dangling-reference", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("vpc/other-vpc", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("$.functions.a.vpc_nickname", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_writes_nothing()
    {
        var validate = await _fixture.RunInRepoAsync("validate");
        var show = await _fixture.RunAsync("graph", "show", "--env", "dev");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Equal(2, show.ExitCode);
    }

    [Fact]
    public async Task A_missing_repo_is_a_usage_error_naming_the_path()
    {
        var run = await _fixture.RunAsync("graph", "build", "--repo", "/nonexistent/karma-config", "--env", "dev");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/karma-config", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_ref_is_a_usage_error()
    {
        var run = await _fixture.RunInRepoAsync("graph", "build", "--ref", "no-such-branch");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no-such-branch", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_repo_at_all_says_how_to_give_one()
    {
        var run = await _fixture.RunAsync("graph", "build", "--env", "dev");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--repo", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_environment_anywhere_says_how_to_give_one()
    {
        var run = await _fixture.RunAsync("graph", "build", "--repo", _fixture.Repo.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--env", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_component_id_is_a_usage_error()
    {
        var run = await _fixture.RunAsync("graph", "query", "downstream", "not-a-component", "--env", "dev");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("<type>/<nickname>", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var run = await _fixture.RunAsync("graph", "frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.StdErr, StringComparison.Ordinal);
    }

    public void Dispose() => _fixture.Dispose();
}

/// <summary>Gremlin pass-through: refused before anything is sent, and only with Neptune configured.</summary>
public sealed class GremlinQuerySpecs : IDisposable
{
    private readonly ConfigRepoFixture _fixture = new();

    [Fact]
    public async Task A_mutating_gremlin_query_is_refused_without_allow_write()
    {
        var run = await _fixture.RunAsync("graph", "query", "--gremlin", "g.V().drop()");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("drop", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gremlin_query_needs_the_neptune_store()
    {
        var run = await _fixture.RunAsync("graph", "query", "--gremlin", "g.V().count()");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Karma:Graph:Provider=neptune", run.StdErr, StringComparison.Ordinal);
    }

    public void Dispose() => _fixture.Dispose();
}
