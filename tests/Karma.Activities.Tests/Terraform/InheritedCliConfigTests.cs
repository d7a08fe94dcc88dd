using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>
/// Runs alone: the test sets TF_CLI_CONFIG_FILE in this process's environment, which every terraform run inherits.
/// </summary>
[CollectionDefinition(nameof(ProcessEnvironmentGroup), DisableParallelization = true)]
public sealed class ProcessEnvironmentGroup;

/// <summary>An inherited TF_CLI_CONFIG_FILE naming a missing file is dropped, not handed to terraform to warn about.</summary>
[Collection(nameof(ProcessEnvironmentGroup))]
public sealed class InheritedCliConfigTests
{
    private const string Variable = "TF_CLI_CONFIG_FILE";

    [Fact]
    public async Task An_inherited_cli_config_path_that_does_not_exist_is_dropped_instead_of_warned_about()
    {
        using var tf = new TerraformFixture();
        // Set here, not assumed: some machine images export it pointing at a missing file, CI may not.
        var previous = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, tf.TempPath("missing.tfrc"));
        try
        {
            await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"b"}""");
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, previous);
        }

        Assert.NotEmpty(tf.Lines);
        Assert.DoesNotContain(tf.Lines, line => line.Text.Contains("CLI configuration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terraform_itself_warns_about_a_missing_cli_config_file()
    {
        // The check above means something only if terraform does warn when handed the missing file.
        using var tf = new TerraformFixture(configure: options => options with
        {
            EnvironmentVariables = new Dictionary<string, string> { [Variable] = "/nonexistent/inherited.tfrc" },
        });

        await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"b"}""");

        Assert.Contains(tf.Lines, line => line.Text.Contains("CLI configuration", StringComparison.Ordinal));
    }
}
