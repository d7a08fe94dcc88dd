using Karma.Core.Analysis;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Analysis;

public class DiagnosticsTests
{
    [Fact]
    public void Malformed_json_names_the_file_and_a_1_based_line_and_column()
    {
        var result = new TestSystem().Git("vpc/a", "{\n  \"cidr\": \"10.0.0.0/16\",\n  oops\n}").BuildFromGit();

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.MalformedJson, DiagnosticSeverity.Error), (error.Code, error.Severity));
        Assert.Equal(Id("vpc/a"), error.Component);
        Assert.Equal("iac/prod/vpc/a/config.json:3:3", error.Location);
        Assert.Contains("line 3, column 3 (1-based", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("{\"a\":1,}", 1, 8)]
    [InlineData("{} {}", 1, 4)]
    public void Malformed_json_positions(string json, int line, int column)
    {
        var error = Assert.Single(new TestSystem().Git("vpc/a", json).BuildFromGit().Diagnostics);

        Assert.Equal(DiagnosticCodes.MalformedJson, error.Code);
        Assert.EndsWith($":{line}:{column}", error.Location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("null", "null")]
    [InlineData("3", "number")]
    public void A_config_that_is_not_an_object_is_an_error(string json, string kind)
    {
        var error = Assert.Single(new TestSystem().Git("vpc/a", json).BuildFromGit().Diagnostics);

        Assert.Equal((DiagnosticCodes.ConfigNotObject, DiagnosticSeverity.Error), (error.Code, error.Severity));
        Assert.Equal("iac/prod/vpc/a/config.json", error.Location);
        Assert.Contains($"not {kind}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dangling_reference_names_consumer_path_and_missing_provider()
    {
        var result = new TestSystem().Git("lambda/api", """{"functions":{"q":{"vpc_nickname":"nope"}}}""").BuildFromGit();

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.DanglingReference, DiagnosticSeverity.Error), (error.Code, error.Severity));
        Assert.Equal(Id("lambda/api"), error.Component);
        Assert.Equal("iac/prod/lambda/api/config.json $.functions.q.vpc_nickname", error.Location);
        Assert.Contains("vpc/nope", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Graph.Edges);
    }

    [Fact]
    public void An_unknown_alias_shows_up_as_a_dangling_reference_to_the_guessed_type()
    {
        var error = Assert.Single(new TestSystem().Git("vpc/db", "{}").Git("app/b", """{"db_nickname":"db"}""").BuildFromGit().Diagnostics);

        Assert.Equal(DiagnosticCodes.DanglingReference, error.Code);
        Assert.Contains("db/db", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_printed_as_a_chain_that_returns_to_its_start()
    {
        var result = new TestSystem()
            .Git("app/a", """{"depends_on":["app/b"]}""")
            .Git("app/b", """{"queue_nickname":"c"}""")
            .Git("queue/c", """{"app_runtime_path":"/iac/app/a/runtime"}""")
            .BuildFromGit();

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.Cycle, DiagnosticSeverity.Error), (error.Code, error.Severity));
        Assert.Equal(Id("app/a"), error.Component);
        Assert.Equal("dependency cycle: app/a -> app/b -> queue/c -> app/a.", error.Message);
        Assert.Equal("iac/prod/app/a/config.json $.depends_on[0]", error.Location);
    }

    [Fact]
    public void A_self_reference_is_a_cycle()
    {
        var error = Assert.Single(new TestSystem().Git("app/a", """{"app_nickname":"a"}""").BuildFromGit().Diagnostics);

        Assert.Equal(DiagnosticCodes.Cycle, error.Code);
        Assert.Equal("app/a depends on itself: app/a -> app/a.", error.Message);
    }

    [Fact]
    public void Separate_cycles_are_reported_separately_and_acyclic_parts_are_not()
    {
        var result = new TestSystem()
            .Git("a/1", """{"depends_on":["a/2"]}""").Git("a/2", """{"depends_on":["a/1"]}""")
            .Git("b/1", """{"depends_on":["b/2"]}""").Git("b/2", """{"depends_on":["b/1","c/1"]}""")
            .Git("c/1", "{}").Git("d/1", """{"depends_on":["a/1"]}""")
            .BuildFromGit();

        Assert.Equal(
            ["dependency cycle: a/1 -> a/2 -> a/1.", "dependency cycle: b/1 -> b/2 -> b/1."],
            result.Diagnostics.Select(d => d.Message));
    }

    [Fact]
    public void A_long_acyclic_chain_has_no_cycle_and_does_not_overflow_the_stack()
    {
        var system = new TestSystem().Git("n/0", "{}");
        for (var i = 1; i < 20_000; i++)
        {
            system.Git($"n/{i}", $$"""{"depends_on":["n/{{i - 1}}"]}""");
        }

        Assert.Empty(system.BuildFromGit().Diagnostics);
    }

    [Fact]
    public void Invalid_references_are_errors_at_their_path()
    {
        var error = Assert.Single(new TestSystem().Git("app/a", """{"depends_on":"vpc/a"}""").BuildFromGit().Diagnostics);

        Assert.Equal((DiagnosticCodes.InvalidReference, DiagnosticSeverity.Error), (error.Code, error.Severity));
        Assert.Equal("iac/prod/app/a/config.json $.depends_on", error.Location);
    }

    [Fact]
    public void A_component_configured_twice_is_an_error_and_the_first_file_wins()
    {
        var config = new TestSystem().Config() with
        {
            Documents =
            [
                new(Id("vpc/a"), "iac/prod/vpc/a/config.json", """{"n":1}"""),
                new(Id("vpc/a"), "iac/prod/vpc/a.json", """{"n":2}"""),
            ],
        };

        var result = GraphBuilder.BuildFromGit(config);

        Assert.Equal("iac/prod/vpc/a.json", Assert.Single(result.Graph.Nodes).ConfigPath);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.DuplicateComponent, "iac/prod/vpc/a/config.json"), (error.Code, error.Location));
    }

    [Fact]
    public void An_unusable_alias_is_an_error_on_karma_json()
    {
        var error = Assert.Single(new TestSystem().Alias("db", "bad type").BuildFromGit().Diagnostics);

        Assert.Equal((DiagnosticCodes.InvalidAlias, "karma.json", null), (error.Code, error.Location, error.Component));
    }

    [Fact]
    public void Drift_is_semantic_not_textual()
    {
        var result = new TestSystem()
            .Git("vpc/a", """{"cidr":"10.0.0.0/16","nat":true,"n":1.0,"tags":{"x":"1","y":"2"}}""")
            .Stored("vpc/a", """{ "tags": {"y":"2","x":"1"}, "n": 1, "nat" : true, "cidr":"10.0.0.0/16" }""", "{}")
            .Build();

        Assert.Empty(result.Diagnostics);
        Assert.False(Assert.Single(result.Graph.Nodes).ConfigDrift);
    }

    [Theory]
    [InlineData("""{"cidr":"10.1.0.0/16","nat":true}""")]
    [InlineData("""{"cidr":"10.0.0.0/16"}""")]
    [InlineData("""{"cidr":"10.0.0.0/16","nat":true,"extra":null}""")]
    [InlineData("""{"cidr":"10.0.0.0/16","nat":"true"}""")]
    public void Drift_between_git_and_parameter_store_is_a_warning(string deployed)
    {
        var result = new TestSystem().Git("vpc/a", """{"cidr":"10.0.0.0/16","nat":true}""").Stored("vpc/a", deployed, "{}").Build();

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.ConfigDrift, DiagnosticSeverity.Warning, "/iac/vpc/a/config"), (warning.Code, warning.Severity, warning.Location));
        Assert.Contains("iac/prod/vpc/a/config.json", warning.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(result.Graph.Nodes).ConfigDrift);
    }

    [Fact]
    public void Config_never_published_counts_as_drift()
    {
        var warning = Assert.Single(new TestSystem().Git("vpc/a", "{}").Stored("vpc/a", null, "{}").Build().Diagnostics);

        Assert.Equal(DiagnosticCodes.ConfigDrift, warning.Code);
        Assert.Contains("never published", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_without_runtime_was_never_applied()
    {
        var result = new TestSystem().Git("vpc/a", "{}").Stored("vpc/a", "{}", null).Build();

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.NeverApplied, DiagnosticSeverity.Warning, "/iac/vpc/a/runtime"), (warning.Code, warning.Severity, warning.Location));
        Assert.False(Assert.Single(result.Graph.Nodes).HasRuntime);
    }

    [Theory]
    [InlineData("""{"a":1}""", null, "config")]
    [InlineData(null, """{"vpc_id":"x"}""", "runtime")]
    [InlineData("""{"a":1}""", """{"vpc_id":"x"}""", "config and runtime")]
    public void Parameter_store_entries_without_git_config_are_orphans(string? config, string? runtime, string what)
    {
        var warning = Assert.Single(new TestSystem().Stored("vpc/old", config, runtime).Build().Diagnostics);

        Assert.Equal((DiagnosticCodes.Orphan, DiagnosticSeverity.Warning, Id("vpc/old")), (warning.Code, warning.Severity, warning.Component));
        Assert.Contains($"has {what} in Parameter Store", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consumer_reading_a_key_the_provider_never_emits_is_warned_about()
    {
        var result = new TestSystem()
            .Git("vpc/main-vpc", "{}", deployed: true, runtime: """{"vpc_id":"vpc-1","default_sg_id":"sg-1"}""")
            .Git("lambda/api", """{"functions":{"q":{"vpc_nickname":"main-vpc","vpc_runtime_keys":["vpc_id","default_security_group_id"]}}}""", deployed: true)
            .Build();

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.MissingRuntimeKey, DiagnosticSeverity.Warning, Id("lambda/api")), (warning.Code, warning.Severity, warning.Component));
        Assert.Equal("iac/prod/lambda/api/config.json $.functions.q.vpc_runtime_keys[1]", warning.Location);
        Assert.Contains("'default_security_group_id'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("default_sg_id, vpc_id", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_keys_from_the_top_level_map_are_checked_too()
    {
        var result = new TestSystem()
            .Git("vpc/a", "{}", deployed: true, runtime: """{"vpc_id":"v"}""")
            .Git("app/b", """{"vpc_nickname":"a","runtime_keys":{"vpc/a":["vpc_id","subnets"]}}""", deployed: true)
            .Build();

        Assert.Equal("iac/prod/app/b/config.json $.runtime_keys['vpc/a'][1]", Assert.Single(result.Diagnostics).Location);
    }

    [Fact]
    public void Runtime_keys_are_not_checked_when_the_provider_has_no_runtime()
    {
        var result = new TestSystem()
            .Git("vpc/a", "{}").Stored("vpc/a", "{}", null)
            .Git("app/b", """{"vpc_nickname":"a","vpc_runtime_keys":["vpc_id"]}""", deployed: true)
            .Build();

        Assert.Equal([DiagnosticCodes.NeverApplied], result.Diagnostics.Select(d => d.Code));
    }

    [Theory]
    [InlineData("{oops", null)]
    [InlineData("[]", null)]
    [InlineData("{}", "{oops")]
    public void Malformed_parameter_values_are_warnings(string config, string? runtime)
    {
        var result = new TestSystem().Git("vpc/a", "{}").Stored("vpc/a", config, runtime ?? "{}").Build();

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.MalformedParameter && d.Severity == DiagnosticSeverity.Warning);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Diagnostics_list_errors_before_warnings()
    {
        var result = new TestSystem().Git("vpc/a", "{}").Git("app/b", """{"vpc_nickname":"missing"}""").Build();

        Assert.Equal(
            [DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning],
            result.Diagnostics.Select(d => d.Severity));
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_reported_as_malformed_not_a_crash()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);

        var error = Assert.Single(new TestSystem().Git("vpc/a", json).BuildFromGit().Diagnostics);

        Assert.Equal(DiagnosticCodes.MalformedJson, error.Code);
        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
