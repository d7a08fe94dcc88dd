using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>init: broken modules fail permanently with terraform's own words; CLI config handling.</summary>
public sealed class InitTests
{
    private const string BrokenModule = """
        resource "terraform_data" "unclosed" {
          input = "x"
        """;

    [Fact]
    public async Task A_module_with_a_syntax_error_fails_init_permanently_with_the_error_lines()
    {
        using var tf = new TerraformFixture(testModule: ("broken", BrokenModule));
        var prepared = tf.Runner.Prepare(TerraformFixture.Input("broken/one", "{}"));

        var error = await Assert.ThrowsAsync<TerraformInitException>(
            () => tf.Runner.InitAsync(prepared.Workspace, tf.Record, TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Equal("init", error.Command);
        Assert.Contains(error.ErrorTail, line => line.Contains("Error:", StringComparison.Ordinal));
        Assert.Contains("main.tf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_cli_config_file_that_does_not_exist_is_an_input_error_naming_it()
    {
        using var tf = new TerraformFixture(configure: options => options with { CliConfigFile = "/nonexistent/karma.tfrc" });
        var prepared = tf.Runner.Prepare(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"b"}"""));

        var error = await Assert.ThrowsAsync<TerraformInputException>(
            () => tf.Runner.InitAsync(prepared.Workspace, tf.Record, TestContext.Current.CancellationToken));

        Assert.Contains("/nonexistent/karma.tfrc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_uses_the_given_cli_config_and_plugin_cache()
    {
        using var tf = new TerraformFixture(configure: options => options with { PluginCacheDirectory = null });
        var cliConfig = tf.TempPath("custom.tfrc");
        var cache = tf.TempPath("plugin-cache");
        // terraform answers an unparsable CLI config with a warning naming the file: proof it was handed over.
        await File.WriteAllTextAsync(cliConfig, "this is { not valid hcl", TestContext.Current.CancellationToken);
        var runner = new TerraformRunner(tf.Options with { CliConfigFile = cliConfig, PluginCacheDirectory = cache });
        var prepared = runner.Prepare(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"b"}"""));
        var lines = new List<TerraformOutputLine>();

        await runner.InitAsync(prepared.Workspace, lines.Add, TestContext.Current.CancellationToken);

        Assert.Contains(lines, line => line.Text.Contains("custom.tfrc", StringComparison.Ordinal));
        Assert.True(Directory.Exists(cache));
    }
}
