using Karma.Core.Analysis;
using static Karma.Core.Tests.TestIds;

namespace Karma.Core.Tests.Analysis;

/// <summary>A proposal is analysed within the graph the config repo would hold with it.</summary>
public sealed class ProposalAnalysisTests
{
    private static TestSystem Chain() => new TestSystem()
        .Git("vpc/main", """{"cidr":"10.0.0.0/16"}""")
        .Git("ecs-cluster/main", """{"vpc_nickname":"main"}""")
        .Git("ecs-service/api", """{"cluster_nickname":"main"}""");

    [Fact]
    public void A_proposal_that_closes_a_cycle_is_refused_naming_the_cycle_and_its_members()
    {
        var errors = ProposalAnalysis.Errors(Chain().Config(), Id("vpc/main"), """{"cidr":"10.0.0.0/16","depends_on":["ecs-service/api"]}""");

        var error = Assert.Single(errors);
        Assert.Contains("cycle", error, StringComparison.Ordinal);
        Assert.Contains("vpc/main -> ecs-service/api -> ecs-cluster/main -> vpc/main", error, StringComparison.Ordinal);
        Assert.StartsWith("iac/prod/vpc/main/config.json: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposal_that_refers_to_itself_is_a_cycle_too()
    {
        var error = Assert.Single(ProposalAnalysis.Errors(Chain().Config(), Id("vpc/main"), """{"depends_on":["vpc/main"]}"""));

        Assert.Contains("vpc/main would depend on itself, a dependency cycle: vpc/main -> vpc/main", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_a_component_the_repo_does_not_have_is_refused_with_its_json_path()
    {
        var system = Chain().Stored("vpc/orphan", """{"cidr":"x"}""", "{}");

        var errors = ProposalAnalysis.Errors(system.Config(), Id("ecs-cluster/main"), """{"vpc_nickname":"orphan"}""");

        var error = Assert.Single(errors);
        Assert.Contains("ecs-cluster/main refers to vpc/orphan at $.vpc_nickname, which has no config in Git", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Components_in_git_are_valid_providers_and_a_new_component_may_be_proposed()
    {
        // ecs-service/api is in Git whatever a stored graph says; the proposal is a component the repo does not have yet.
        var errors = ProposalAnalysis.Errors(Chain().Config(), Id("ecs-service/worker"), """{"cluster_nickname":"main","depends_on":["ecs-service/api"]}""");

        Assert.Empty(errors);
    }

    [Fact]
    public void Errors_elsewhere_in_the_repo_are_not_the_proposals_doing()
    {
        var system = Chain()
            .Git("lambda/a", """{"depends_on":["lambda/b"]}""")
            .Git("lambda/b", """{"depends_on":["lambda/a"]}""")
            .Git("lambda/c", """{"vpc_nickname":"nope"}""");
        Assert.True(GraphBuilder.BuildFromGit(system.Config()).HasErrors);

        Assert.Empty(ProposalAnalysis.Errors(system.Config(), Id("ecs-service/api"), """{"cluster_nickname":"main","image":"api:2"}"""));
    }

    [Fact]
    public void The_proposal_replaces_the_components_file_in_either_layout_and_keeps_its_path()
    {
        var system = new TestSystem().Git("vpc/main", """{"cidr":"a"}""").Git("lambda/fn", """{"vpc_nickname":"main"}""");

        var error = Assert.Single(ProposalAnalysis.Errors(system.Config(), Id("lambda/fn"), """{"vpc_nickname":"main","depends_on":["lambda/fn"]}"""));

        Assert.StartsWith(TestSystem.FileOf("lambda/fn") + ": ", error, StringComparison.Ordinal);
    }
}
