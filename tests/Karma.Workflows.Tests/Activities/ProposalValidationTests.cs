using Karma.Activities.Git;
using Karma.Activities.GraphStore;
using Karma.Activities.Lifecycle;
using Karma.Activities.ParameterStore;
using Karma.Core.Analysis;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace Karma.Workflows.Tests.Activities;

/// <summary>
/// The validation activity: the environment check every entry point makes (here it is the last line of defence, for a
/// change started on Temporal directly), then the proposal analysed within the graph the config repo would hold with it.
/// </summary>
public sealed class ProposalValidationTests : IDisposable
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Cluster = new("ecs-cluster", "main");
    private static readonly ComponentId Service = new("ecs-service", "api");

    private readonly TempDirectory _dir = new("karma-validate");
    private readonly LocalParameterStore _parameters;
    private readonly SqliteGraphStore _graph;
    private readonly LifecycleOptions _options;

    public ProposalValidationTests()
    {
        new GitRepoBuilder(_dir.Combine("repo"))
            .Component("dev", "vpc", "main", """{"cidr":"10.0.0.0/16"}""")
            .Component("dev", "ecs-cluster", "main", """{"vpc_nickname":"main"}""")
            .Component("dev", "ecs-service", "api", """{"cluster_nickname":"main"}""")
            .Component("prod", "vpc", "main", """{"cidr":"10.9.0.0/16"}""")
            .Commit("dev and prod");
        _parameters = new LocalParameterStore(_dir.Combine("parameters.db"));
        _graph = new SqliteGraphStore(_dir.Combine("graph.db"));
        _options = new LifecycleOptions { KarmaHome = _dir.Path, ConfigRepository = _dir.Combine("repo") };
    }

    [Fact]
    public async Task An_environment_the_config_repo_does_not_have_is_refused_for_good_naming_the_known_ones()
    {
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => ValidateAsync("nosuchenv", Vpc, """{"cidr":"10.1.0.0/16"}"""));

        Assert.True(failure.NonRetryable);
        Assert.Equal(nameof(EnvironmentRefusedException), failure.ErrorType);
        Assert.Contains("unknown environment 'nosuchenv'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Environments present: dev, prod", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_environment_other_than_the_one_parameter_store_belongs_to_is_refused()
    {
        await _parameters.PutAsync(new ParameterWrite("/iac/environment", """{"name":"acme-prod","environment":"prod"}""", Overwrite: true), CancellationToken.None);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => ValidateAsync("dev", Vpc, """{"cidr":"10.1.0.0/16"}"""));
        var own = await ValidateAsync("prod", Vpc, """{"cidr":"10.8.0.0/16"}""");

        Assert.True(failure.NonRetryable);
        Assert.Contains("/iac/environment says 'prod'", failure.Message, StringComparison.Ordinal);
        Assert.True(own.IsValid, string.Join(" ", own.Errors));
    }

    [Fact]
    public async Task With_no_config_repo_nothing_can_be_checked_and_the_proposal_is_refused()
    {
        _options.ConfigRepository = null;

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => ValidateAsync("dev", Vpc, """{"cidr":"10.1.0.0/16"}"""));

        Assert.True(failure.NonRetryable);
        Assert.Contains("no config repo is configured", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_component_in_git_but_not_in_the_stored_graph_is_a_valid_provider()
    {
        // The stored graph predates ecs-service/api (only the VPC was built); Git is what counts.
        await _graph.WriteAsync(GraphBuilder.BuildFromGit(new ConfigSnapshot("dev", null, [new ConfigDocument(Vpc, "iac/dev/vpc/main/config.json", "{}")],
            new Dictionary<string, string>())).Graph, CancellationToken.None);

        var validation = await ValidateAsync("dev", new ComponentId("lambda", "fn"), """{"depends_on":["ecs-service/api"],"vpc_nickname":"main"}""");

        Assert.True(validation.IsValid, string.Join(" ", validation.Errors));
        Assert.Equal([Service, Vpc], validation.Providers);
    }

    [Fact]
    public async Task A_proposal_that_closes_a_cycle_is_invalid_and_says_cycle_naming_the_members()
    {
        var validation = await ValidateAsync("dev", Vpc, """{"cidr":"10.0.0.0/16","depends_on":["ecs-service/api"]}""");

        var error = Assert.Single(validation.Errors);
        Assert.Contains("dependency cycle: vpc/main -> ecs-service/api -> ecs-cluster/main -> vpc/main", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dangling_reference_is_invalid_even_to_a_component_parameter_store_has()
    {
        await _parameters.PutAsync(new ParameterWrite("/iac/vpc/legacy/config", """{"cidr":"x"}""", Overwrite: true), CancellationToken.None);

        var validation = await ValidateAsync("dev", Cluster, """{"vpc_nickname":"legacy"}""");

        var error = Assert.Single(validation.Errors);
        Assert.Contains("ecs-cluster/main refers to vpc/legacy at $.vpc_nickname, which has no config in Git", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _parameters.Dispose();
        _graph.Dispose();
        _dir.Dispose();
    }

    private Task<ConfigValidation> ValidateAsync(string environment, ComponentId component, string json) =>
        new ActivityEnvironment().RunAsync(() =>
            new ConfigActivities(_parameters, _options, new GitConfigLoader(_dir.Path)).ValidateProposedConfigAsync(new ValidateConfigInput(environment, component, json)));
}
