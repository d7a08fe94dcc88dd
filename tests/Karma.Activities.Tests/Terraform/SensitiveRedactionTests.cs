using System.Diagnostics;
using System.Text.Json;
using Karma.Activities.Terraform;
using Karma.Core.Secrets;

namespace Karma.Activities.Tests.Terraform;

/// <summary>A sensitive variable and output never reach the summary, the redacted plan JSON, the lines, or the outputs.</summary>
public sealed class SensitiveRedactionTests
{
    private const string Config = """{"engine":"pg"}""";

    private static readonly PlanRequest WithSecret = new()
    {
        SensitiveVariables = new Dictionary<string, string> { ["db_password"] = TestModules.Secret },
    };

    [Fact]
    public async Task The_plan_summary_redacted_json_and_lines_hold_no_secret_though_terraform_show_does()
    {
        using var tf = new TerraformFixture(testModule: ("database", TestModules.SensitiveModule));
        var workspace = await tf.PrepareAndInitAsync("database/orders", Config);

        var plan = await tf.Runner.PlanAsync(workspace, WithSecret, tf.Record, TestContext.Current.CancellationToken);

        // The raw plan JSON really carries the secret, so the checks below are not vacuous.
        Assert.Contains(TestModules.Secret, await ShowJsonAsync(workspace, plan.Plan.PlanFile), StringComparison.Ordinal);

        var redactedJson = await File.ReadAllTextAsync(plan.Plan.RedactedJsonFile!, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(TestModules.Secret, redactedJson, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, redactedJson, StringComparison.Ordinal);
        using (var redacted = JsonDocument.Parse(redactedJson))
        {
            var after = redacted.RootElement.GetProperty("resource_changes")[0].GetProperty("change").GetProperty("after").GetProperty("input");
            Assert.Equal(SecretRedactor.Mask, after.GetProperty("password").GetString());
            Assert.Equal("orders-pg", after.GetProperty("name").GetString());
            Assert.Equal(SecretRedactor.Mask, redacted.RootElement.GetProperty("variables").GetProperty("db_password").GetProperty("value").GetString());
        }

        Assert.DoesNotContain(TestModules.Secret, JsonSerializer.Serialize(plan), StringComparison.Ordinal);
        var connection = Assert.Single(plan.Summary.OutputChanges, output => output.Name == "connection_string");
        Assert.True(connection.Sensitive);
        Assert.Null(connection.After);
        Assert.Contains("input", Assert.Single(plan.Summary.ResourceChanges).ChangedAttributes);

        // The secret went to terraform through the environment, never onto disk next to the module.
        foreach (var file in Directory.EnumerateFiles(workspace.SourceDirectory))
        {
            Assert.DoesNotContain(TestModules.Secret, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        await tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken);
        Assert.NotEmpty(tf.Lines);
        Assert.DoesNotContain(TestModules.Secret, tf.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sensitive_outputs_are_excluded_by_default_and_listed_by_name()
    {
        using var tf = new TerraformFixture(testModule: ("database", TestModules.SensitiveModule));
        var workspace = await tf.PrepareAndInitAsync("database/orders", Config);
        var plan = await tf.Runner.PlanAsync(workspace, WithSecret, tf.Record, TestContext.Current.CancellationToken);
        await tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken);

        var outputs = await tf.Runner.ReadOutputsAsync(workspace, tf.Record, TestContext.Current.CancellationToken);

        Assert.Equal(["endpoint"], outputs.ValuesJson.Keys);
        Assert.Equal("\"orders-pg.db.internal\"", outputs.ValuesJson["endpoint"]);
        Assert.Equal(["connection_string"], outputs.SensitiveNames);
        Assert.DoesNotContain(TestModules.Secret, outputs.ToRuntimeJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sensitive_outputs_can_be_kept_with_a_redacted_value()
    {
        using var tf = new TerraformFixture(
            testModule: ("database", TestModules.SensitiveModule),
            configure: options => options with { SensitiveOutputs = SensitiveOutputHandling.Redact });
        var workspace = await tf.PrepareAndInitAsync("database/orders", Config);
        var plan = await tf.Runner.PlanAsync(workspace, WithSecret, tf.Record, TestContext.Current.CancellationToken);
        await tf.Runner.ApplyAsync(workspace, plan.Plan, tf.Record, TestContext.Current.CancellationToken);

        var outputs = await tf.Runner.ReadOutputsAsync(workspace, tf.Record, TestContext.Current.CancellationToken);

        Assert.Equal(JsonSerializer.Serialize(SecretRedactor.Mask), outputs.ValuesJson["connection_string"]);
        Assert.DoesNotContain(TestModules.Secret, outputs.ToRuntimeJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_variables_the_module_declares_are_written_to_the_tfvars_file()
    {
        using var tf = new TerraformFixture(testModule: ("database", TestModules.SensitiveModule));

        var prepared = tf.Runner.Prepare(TerraformFixture.Input("database/orders", Config));

        Assert.Equal(["config", "nickname"], prepared.PassedVariables);
        Assert.Equal(["component_name", "iac_prefix", "region", "upstream"], prepared.IgnoredVariables);
        using var tfvars = JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(prepared.Workspace.SourceDirectory, "karma.auto.tfvars.json"), TestContext.Current.CancellationToken));
        Assert.Equal(["config", "nickname"], tfvars.RootElement.EnumerateObject().Select(property => property.Name).Order());
    }

    private static async Task<string> ShowJsonAsync(TerraformWorkspace workspace, string planFile)
    {
        var start = new ProcessStartInfo("terraform")
        {
            WorkingDirectory = workspace.SourceDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TF_DATA_DIR"] = workspace.DataDirectory },
            ArgumentList = { "show", "-json", planFile },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await stderr;
        return await stdout;
    }
}
