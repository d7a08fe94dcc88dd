using Karma.Activities.Terraform;
using Karma.Testing;

namespace Karma.Activities.Tests.Terraform;

public sealed class ModuleVariableScannerTests
{
    [Fact]
    public void Finds_variables_declared_in_hcl_and_json_files_but_not_in_comments_or_nested_modules()
    {
        using var module = new TempDirectory("karma-tf-vars");
        File.WriteAllText(module.Combine("variables.tf"), """
            variable "nickname" {
              type = string
            }
              variable "config" {}
            # variable "commented" {}
            locals { x = "variable \"inline\" {" }
            """);
        File.WriteAllText(module.Combine("extra.tf.json"), """{"variable": {"region": {"default": "us-east-1"}}}""");
        Directory.CreateDirectory(module.Combine("modules", "child"));
        File.WriteAllText(module.Combine("modules", "child", "main.tf"), "variable \"child_only\" {}");

        var declared = ModuleVariableScanner.DeclaredVariables(module.Path);

        Assert.Equal(["config", "nickname", "region"], declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_offline_example_module_takes_the_karma_interface()
    {
        foreach (var type in new[] { "vpc", "ecs-cluster", "ecs-service", "s3-bucket", "serverless-site", "route53-zone", "lambda" })
        {
            var declared = ModuleVariableScanner.DeclaredVariables(Path.Combine(ExampleModules.OfflineRoot, "components", type));
            Assert.Superset(new HashSet<string> { "component_name", "nickname", "iac_prefix", "region", "config", "upstream" }, declared.ToHashSet());
        }
    }
}
