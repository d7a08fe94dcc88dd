using Karma.Activities.Terraform;
using Karma.Core.Model;
using Karma.Testing;

namespace Karma.Activities.Tests.Terraform;

/// <summary>Which contract a module gets, and the state backend its workspace is prepared with.</summary>
public sealed class ModuleContractTests : IDisposable
{
    private readonly TempDirectory _dir = new("karma-contract");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_module_with_a_config_variable_keeps_the_variables_contract_and_one_without_reads_parameter_store()
    {
        var runner = Runner(new Dictionary<string, string>
        {
            ["app-bucket"] = Path.Combine(ExampleModules.AwsRoot, "components", "app-bucket"),
            ["vpc"] = Path.Combine(ExampleModules.AdageRoot, "components", "vpc"),
        });

        Assert.Equal(ModuleContract.Variables, await runner.GetContractAsync("app-bucket", Ct));
        Assert.Equal(ModuleContract.ParameterStore, await runner.GetContractAsync("vpc", Ct));
    }

    [Fact]
    public async Task A_configured_contract_wins_over_detection()
    {
        var runner = new TerraformRunner(new TerraformOptions
        {
            ModulesRoot = ExampleModules.AdageRoot,
            WorkRoot = _dir.Combine("work"),
            Contracts = new Dictionary<string, ModuleContract> { ["vpc"] = ModuleContract.Variables },
        });

        Assert.Equal(ModuleContract.Variables, await runner.GetContractAsync("vpc", Ct));
        Assert.Equal(ModuleContract.ParameterStore, await runner.GetContractAsync("ecs-cluster", Ct));
    }

    [Fact]
    public void With_an_s3_backend_the_module_keeps_its_own_backend_block_and_init_gets_the_instance_key()
    {
        var backend = new TerraformBackend
        {
            Type = "s3",
            Config = new Dictionary<string, string> { ["bucket"] = "acct-tf-state", ["dynamodb_table"] = "acct-tf-locks" },
        };
        var runner = new TerraformRunner(new TerraformOptions { ModulesRoot = ExampleModules.AdageRoot, WorkRoot = _dir.Combine("work"), Backend = backend });

        var prepared = runner.Prepare(TerraformFixture.Input("vpc/main", "{}"));

        Assert.False(File.Exists(Path.Combine(prepared.Workspace.SourceDirectory, "karma_backend_override.tf.json")));
        Assert.False(File.Exists(Path.Combine(prepared.Workspace.SourceDirectory, "karma_backend.tf.json")));
        Assert.Equal(
            ["-backend-config=bucket=acct-tf-state", "-backend-config=dynamodb_table=acct-tf-locks", "-backend-config=key=vpc/main/terraform.tfstate"],
            backend.InitArguments("dev", new ComponentId("vpc", "main")));
        Assert.Equal("dev/vpc/main.tfstate", (backend with { KeyTemplate = "{env}/{type}/{nickname}.tfstate" }).KeyFor("dev", new ComponentId("vpc", "main")));
    }

    [Fact]
    public void A_module_without_a_backend_block_gets_one_of_the_configured_type_and_local_state_stays_overridden()
    {
        var s3 = new TerraformRunner(new TerraformOptions
        {
            ModulesRoot = ExampleModules.AwsRoot,
            WorkRoot = _dir.Combine("s3"),
            Backend = new TerraformBackend { Type = "s3" },
        });
        var local = new TerraformRunner(new TerraformOptions { ModulesRoot = ExampleModules.AdageRoot, WorkRoot = _dir.Combine("local") });

        var remote = s3.Prepare(TerraformFixture.Input("app-bucket/site", "{}"));
        var pinned = local.Prepare(TerraformFixture.Input("vpc/main", "{}"));

        Assert.Contains("\"s3\"", File.ReadAllText(Path.Combine(remote.Workspace.SourceDirectory, "karma_backend.tf.json")), StringComparison.Ordinal);
        Assert.Contains("\"local\"", File.ReadAllText(Path.Combine(pinned.Workspace.SourceDirectory, "karma_backend_override.tf.json")), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private TerraformRunner Runner(Dictionary<string, string> modules) =>
        new(new TerraformOptions { ModulesRoot = string.Empty, Modules = modules, WorkRoot = _dir.Combine("work") });
}
