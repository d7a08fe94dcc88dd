using Karma.Activities.Configuration;
using Karma.Activities.Git;
using Karma.Testing;

namespace Karma.Activities.Tests.Configuration;

public sealed class KarmaConfigurationLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-config");

    private string Profile => _temp.Combine("profile");

    private string Home => _temp.Combine("home");

    [Fact]
    public void Defaults_apply_when_nothing_is_configured()
    {
        var config = Load();
        var options = config.Options;

        Assert.Equal(Path.Combine(Profile, ".karma"), options.Home);
        Assert.Equal("/iac", options.Prefix);
        Assert.Equal(ParameterStoreProvider.Local, options.ParameterStore.Provider);
        Assert.Equal(GraphProvider.Sqlite, options.Graph.Provider);
        Assert.Equal(("localhost:7233", "default", "karma"), (options.Temporal.Address, options.Temporal.Namespace, options.Temporal.TaskQueue));
        Assert.Equal("https://slack.com/api/", options.Slack.ApiBaseUrl);
        Assert.Null(options.Repo.ToGitSource(options.Git));
        Assert.Contains("no AWS configuration", config.SourceOf("Karma:ParameterStore:Provider"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_REGION")]
    [InlineData("AWS_PROFILE")]
    [InlineData("AWS_ENDPOINT_URL_SSM")]
    [InlineData("AWS_ACCESS_KEY_ID")]
    public void Parameter_store_defaults_to_aws_when_aws_is_configured(string variable)
    {
        var config = Load(env: new() { [variable] = "x" });

        Assert.Equal(ParameterStoreProvider.Aws, config.Options.ParameterStore.Provider);
        Assert.Contains(variable, config.SourceOf("Karma:ParameterStore:Provider"), StringComparison.Ordinal);
    }

    [Fact]
    public void Later_sources_win_user_file_then_karma_json_then_environment_then_command_line()
    {
        WriteUserFile("""{"temporal":{"namespace":"from-file","taskQueue":"q-file","address":"file:7233"},"environment":"dev"}""");
        var repo = KarmaRepoFile.Parse("""{"temporal":{"namespace":"from-repo","taskQueue":"q-repo"}}""", "karma.json");

        var config = Load(
            env: new() { ["Karma__Temporal__Namespace"] = "from-env" },
            cli: new() { ["Temporal:Namespace"] = "from-cli" },
            repo: repo);

        Assert.Equal("from-cli", config.Options.Temporal.Namespace);
        Assert.Equal("q-repo", config.Options.Temporal.TaskQueue);
        Assert.Equal("file:7233", config.Options.Temporal.Address);
        Assert.Equal("dev", config.Options.Environment);
        Assert.Equal("command line", config.SourceOf("Karma:Temporal:Namespace"));
        Assert.Equal("karma.json at abc", config.SourceOf("Karma:Temporal:TaskQueue"));
        Assert.Equal($"user file {Path.Combine(Home, "config.json")}", config.SourceOf("Karma:Temporal:Address"));
    }

    [Fact]
    public void Conventional_variables_set_home_prefix_and_git_token_and_Karma_variables_beat_them()
    {
        WriteUserFile("""{"environment":"prod"}""");

        var config = Load(env: new()
        {
            ["IAC_PREFIX"] = "org/iac/",
            ["KARMA_GIT_TOKEN"] = "ghp_secret",
            ["Karma__Repo__Url"] = "https://github.com/org/config.git",
        });
        var overridden = Load(env: new() { ["IAC_PREFIX"] = "/a", ["Karma__Prefix"] = "/b", ["SLACK_BOT_TOKEN"] = "xoxb-1", ["TEMPORAL_ADDRESS"] = "t:7233" });

        Assert.Equal(Home, config.Options.Home);
        Assert.Equal("prod", config.Options.Environment);
        Assert.Equal("/org/iac", config.Options.Prefix);
        Assert.Equal("environment variable IAC_PREFIX", config.SourceOf("Karma:Prefix"));
        Assert.Equal(new GitCredentials("x-access-token", "ghp_secret"), config.Options.Repo.ToGitSource(config.Options.Git)!.Credentials);
        Assert.Equal("/b", overridden.Options.Prefix);
        Assert.Equal(("xoxb-1", "t:7233"), (overridden.Options.Slack.BotToken, overridden.Options.Temporal.Address));
    }

    [Fact]
    public void Empty_environment_variables_count_as_unset()
    {
        var options = Load(env: new() { ["Karma__Environment"] = string.Empty, ["Karma__Temporal__Address"] = string.Empty }).Options;

        Assert.Null(options.Environment);
        Assert.Equal("localhost:7233", options.Temporal.Address);
    }

    [Fact]
    public void An_unknown_key_names_the_key_and_its_source()
    {
        var fromEnv = Assert.Throws<KarmaConfigurationException>(() => Load(env: new() { ["Karma__ParamterStore__Provider"] = "aws" }));
        WriteUserFile("""{"graph":{"sqlite":{"file":"x.db"}}}""");
        var fromFile = Assert.Throws<KarmaConfigurationException>(() => Load());

        Assert.Equal("Karma:ParamterStore:Provider", fromEnv.Key);
        Assert.Equal("environment variable Karma__ParamterStore__Provider", fromEnv.Source);
        Assert.Contains("ParameterStore", fromEnv.Message, StringComparison.Ordinal);
        Assert.Equal("Karma:graph:sqlite:file", fromFile.Key);
        Assert.Contains(Path.Combine(Home, "config.json"), fromFile.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ParameterStore:Provider", "dynamo", "use one of: aws, local")]
    [InlineData("Graph:Provider", "1", "use one of: sqlite, neptune")]
    [InlineData("Graph:Neptune:Iam", "maybe", "boolean")]
    [InlineData("Terraform:StateLockTimeout", "soon", "duration")]
    [InlineData("ParameterStore:ServiceUrl", "localhost:4566", "http(s) URL")]
    [InlineData("Slack:ApiBaseUrl", "not a url", "http(s) URL")]
    [InlineData("Repo:Url", "ftp://example.com/config.git", "git URL")]
    [InlineData("Prefix", "/bad prefix", "malformed")]
    [InlineData("Environment", "prod/eu", "environment name")]
    [InlineData("Temporal:Address", "http://localhost", "host:port")]
    [InlineData("ParameterStore:Tier", "Gold", "tier")]
    [InlineData("Repo", "x", "section")]
    [InlineData("Prefix:Sub", "x", "single value")]
    public void Invalid_values_are_refused_naming_key_and_source(string key, string value, string expected)
    {
        var error = Assert.Throws<KarmaConfigurationException>(() => Load(cli: new() { [key] = value }));

        Assert.Equal($"Karma:{key}", error.Key, ignoreCase: true);
        Assert.Equal("command line", error.Source);
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Neptune_needs_an_endpoint_and_accepts_a_valid_one()
    {
        var missing = Assert.Throws<KarmaConfigurationException>(() => Load(env: new() { ["Karma__Graph__Provider"] = "neptune" }));
        var valid = Load(env: new()
        {
            ["Karma__Graph__Provider"] = "Neptune",
            ["Karma__Graph__Neptune__Endpoint"] = "wss://db.cluster-x.us-east-1.neptune.amazonaws.com:8182/gremlin",
            ["Karma__Graph__Neptune__Iam"] = "true",
            ["Karma__Graph__Neptune__Region"] = "us-east-1",
        });

        Assert.Equal("Karma:Graph:Neptune:Endpoint", missing.Key);
        Assert.Equal("environment variable Karma__Graph__Provider", missing.Source);
        Assert.Equal(GraphProvider.Neptune, valid.Options.Graph.Provider);
        Assert.True(valid.Options.Graph.Neptune.Iam);
    }

    [Fact]
    public void Karma_json_supplies_aliases_modules_and_settings_but_not_repo_home_or_secrets()
    {
        var repo = KarmaRepoFile.Parse(
            """{"aliases":{"db":"rds-postgres"},"modules":{"vpc":"./modules/vpc"},"approvals":{"policies":{"prod":{"requiredApprovals":2}}}}""",
            "karma.json");

        var options = Load(repo: repo).Options;
        var repoUrl = Assert.Throws<KarmaConfigurationException>(() => Load(repo: KarmaRepoFile.Parse("""{"repo":{"url":"/elsewhere"}}""", "k")));
        var secret = Assert.Throws<KarmaConfigurationException>(() => Load(repo: KarmaRepoFile.Parse("""{"slack":{"botToken":"xoxb-1"}}""", "k")));

        Assert.Equal("rds-postgres", options.Aliases["db"]);
        Assert.Equal("./modules/vpc", options.Terraform.Modules["vpc"]);
        Assert.Equal(2, options.Approvals.Policies["prod"].RequiredApprovals);
        Assert.Equal("karma.json at abc", repoUrl.Source);
        Assert.DoesNotContain("xoxb-1", secret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_masks_secrets_and_names_sources()
    {
        var config = Load(env: new()
        {
            ["Karma__Slack__BotToken"] = "xoxb-very-secret",
            ["Karma__Api__Tokens__0__Identity"] = "ci-bot",
            ["Karma__Api__Tokens__0__Token"] = "api-secret",
            ["Karma__Environment"] = "prod",
        });

        var described = config.Describe();

        Assert.Equal("xoxb-very-secret", config.Options.Slack.BotToken);
        Assert.Equal(("ci-bot", "api-secret"), (config.Options.Api.Tokens[0].Identity, config.Options.Api.Tokens[0].Token));
        Assert.DoesNotContain(described, s => s.Value is "xoxb-very-secret" or "api-secret");
        Assert.Contains(described, s => s.Key == "Karma:Slack:BotToken" && s.Value == "****" && s.Source == "environment variable Karma__Slack__BotToken");
        Assert.Contains(described, s => s.Key == "Karma:Environment" && s.Value == "prod");
    }

    [Fact]
    public void Malformed_user_file_and_home_set_inside_it_are_errors_naming_the_file()
    {
        WriteUserFile("{ nope");
        var malformed = Assert.Throws<KarmaConfigurationException>(() => Load());
        WriteUserFile("""{"home":"/elsewhere"}""");
        var home = Assert.Throws<KarmaConfigurationException>(() => Load());

        Assert.Contains("not valid JSON", malformed.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Home, "config.json"), malformed.Source, StringComparison.Ordinal);
        Assert.Equal("Karma:home", home.Key);
    }

    [Fact]
    public void Lifecycle_keys_validate_and_top_level_keys_fill_the_lifecycle_options()
    {
        var options = Load(env: new()
        {
            ["Karma__Lifecycle__CommitEmailDomain"] = "example.com",
            ["Karma__Repo__Url"] = "/srv/config",
            ["Karma__Repo__Ref"] = "main",
            ["Karma__Approvals__Policies__prod__RequiredApprovals"] = "2",
            ["Karma__Approvals__Policies__prod__Approvers__0"] = "alice",
            ["Karma__Approvals__Policies__prod__Approvers__1"] = "bob",
        }).Options;

        var lifecycle = options.ToLifecycleOptions();

        Assert.Equal("example.com", lifecycle.CommitEmailDomain);
        Assert.Equal(("/srv/config", "main", "/iac", Home), (lifecycle.ConfigRepository, lifecycle.ConfigBranch, lifecycle.IacPrefix, lifecycle.KarmaHome));
        Assert.Equal(["alice", "bob"], lifecycle.PolicyFor("prod").Approvers);
        Assert.Equal(2, lifecycle.PolicyFor("prod").RequiredApprovals);
    }

    [Fact]
    public void A_registered_section_type_replaces_the_built_in_keys()
    {
        var schema = KarmaConfigurationSchema.Default.WithSection("Slack", typeof(RicherSlack));
        var input = Input(env: new() { ["Karma__Slack__Workspace"] = "acme" });

        Assert.Throws<KarmaConfigurationException>(() => KarmaConfigurationLoader.Load(input));
        var config = KarmaConfigurationLoader.Load(input, schema);

        Assert.Equal("acme", config.Configuration["Karma:Slack:Workspace"]);
    }

    public void Dispose() => _temp.Dispose();

    private KarmaConfiguration Load(
        Dictionary<string, string?>? env = null,
        Dictionary<string, string?>? cli = null,
        KarmaRepoFile? repo = null) =>
        KarmaConfigurationLoader.Load(Input(env, cli, repo));

    private KarmaConfigurationInput Input(
        Dictionary<string, string?>? env = null,
        Dictionary<string, string?>? cli = null,
        KarmaRepoFile? repo = null)
    {
        var environment = env ?? [];
        // Most tests use the temp home; the defaults test leaves KARMA_HOME unset on purpose.
        if (!environment.ContainsKey("KARMA_HOME") && (env is not null || cli is not null || repo is not null || File.Exists(Path.Combine(Home, "config.json"))))
        {
            environment["KARMA_HOME"] = Home;
        }

        return new KarmaConfigurationInput
        {
            EnvironmentVariables = environment,
            CommandLine = cli ?? [],
            RepoFile = repo,
            RepoFileSource = "karma.json at abc",
            UserProfile = Profile,
        };
    }

    private void WriteUserFile(string json)
    {
        Directory.CreateDirectory(Home);
        File.WriteAllText(Path.Combine(Home, "config.json"), json);
    }

    private sealed class RicherSlack
    {
        public string? Workspace { get; set; }
    }
}
