using Karma.Activities.Terraform;
using Karma.Core.Model;
using Karma.Testing;

namespace Karma.Activities.Tests.Terraform;

/// <summary>Bad setup and bad input fail with typed, permanent errors that say what and where.</summary>
public sealed class RunnerErrorTests
{
    [Theory]
    [InlineData("/nonexistent/bin/terraform", "does not exist")]
    [InlineData("terraform-not-installed-anywhere", "not found on PATH")]
    public async Task A_missing_terraform_binary_is_a_permanent_not_found_error(string binary, string expected)
    {
        using var temp = new TempDirectory("karma-tf");
        var runner = new TerraformRunner(new TerraformOptions
        {
            BinaryPath = binary,
            WorkRoot = temp.Combine("work"),
            ModulesRoot = ExampleModules.OfflineRoot,
        });
        var prepared = runner.Prepare(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"b"}"""));

        var error = await Assert.ThrowsAsync<TerraformNotFoundException>(
            () => runner.InitAsync(prepared.Workspace, null, TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Contains(binary, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_component_type_names_the_missing_module_folder()
    {
        using var temp = new TempDirectory("karma-tf");
        var runner = new TerraformRunner(new TerraformOptions { WorkRoot = temp.Path, ModulesRoot = ExampleModules.OfflineRoot });

        var error = Assert.Throws<TerraformInputException>(() => runner.Prepare(TerraformFixture.Input("kafka/events", "{}")));

        Assert.Contains("'kafka'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("components", "kafka"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_config_or_upstream_json_names_the_component_and_the_provider()
    {
        using var temp = new TempDirectory("karma-tf");
        var runner = new TerraformRunner(new TerraformOptions { WorkRoot = temp.Path, ModulesRoot = ExampleModules.OfflineRoot });

        var config = Assert.Throws<TerraformInputException>(() => runner.Prepare(TerraformFixture.Input("vpc/main", "{not json")));
        var upstream = Assert.Throws<TerraformInputException>(() => runner.Prepare(TerraformFixture.Input(
            "ecs-cluster/apps", "{}", new Dictionary<string, string> { ["vpc/main"] = "[1," })));

        Assert.Contains("config of vpc/main", config.Message, StringComparison.Ordinal);
        Assert.Contains("upstream 'vpc/main'", upstream.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_in_a_workspace_that_was_never_prepared_says_so()
    {
        using var temp = new TempDirectory("karma-tf");
        var runner = new TerraformRunner(new TerraformOptions { WorkRoot = temp.Path, ModulesRoot = ExampleModules.OfflineRoot });
        var workspace = runner.GetWorkspace("prod", new ComponentId("vpc", "main"));

        var error = await Assert.ThrowsAsync<TerraformInputException>(
            () => runner.InitAsync(workspace, null, TestContext.Current.CancellationToken));

        Assert.Contains("has not been prepared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workspaces_are_laid_out_per_environment_type_and_nickname_with_state_under_the_state_root()
    {
        var runner = new TerraformRunner(new TerraformOptions
        {
            WorkRoot = "/var/karma/work",
            StateRoot = "/var/karma/state",
            ModulesRoot = ExampleModules.OfflineRoot,
        });

        var workspace = runner.GetWorkspace("prod", new ComponentId("vpc", "main-vpc"));

        Assert.Equal("/var/karma/work/prod/vpc/main-vpc", workspace.Directory);
        Assert.Equal("/var/karma/state/prod/vpc/main-vpc/terraform.tfstate", workspace.StatePath);
        Assert.Throws<TerraformInputException>(() => runner.GetWorkspace("../etc", new ComponentId("vpc", "main-vpc")));
    }

    [Fact]
    public async Task State_lives_under_the_configured_state_root()
    {
        using var tf = new TerraformFixture(configure: options => options with { StateRoot = null });
        using var stateRoot = new TempDirectory("karma-tf-state");
        var runner = new TerraformRunner(tf.Options with { StateRoot = stateRoot.Path });
        var prepared = runner.Prepare(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"b"}"""));
        await runner.InitAsync(prepared.Workspace, null, TestContext.Current.CancellationToken);
        var plan = await runner.PlanAsync(prepared.Workspace, null, null, TestContext.Current.CancellationToken);
        await runner.ApplyAsync(prepared.Workspace, plan.Plan, null, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(stateRoot.Combine(TerraformFixture.Environment, "s3-bucket", "assets", "terraform.tfstate")));
        Assert.False(File.Exists(Path.Combine(prepared.Workspace.Directory, "terraform.tfstate")));
    }
}
