using Karma.Activities.Terraform;

namespace Karma.Activities.Tests.Terraform;

/// <summary>A change prepares its workspace for plan, apply and verify; init runs only when what it depends on changed.</summary>
public sealed class InitReuseTests
{
    private const string Module = """
        variable "config" {
          type = any
        }

        resource "terraform_data" "thing" {
          input = var.config.name
        }
        """;

    [Fact]
    public async Task A_re_prepared_workspace_with_the_same_module_skips_init_and_still_plans()
    {
        var ct = TestContext.Current.CancellationToken;
        using var tf = new TerraformFixture();
        var first = tf.Runner.Prepare(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"a"}"""));
        await tf.Runner.InitAsync(first.Workspace, tf.Record, ct);
        var initLines = InitLines(tf);

        var again = tf.Runner.Prepare(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"b"}"""));
        await tf.Runner.InitAsync(again.Workspace, tf.Record, ct);
        var plan = await tf.Runner.PlanAsync(again.Workspace, null, tf.Record, ct);

        Assert.True(initLines > 0);
        Assert.Equal(initLines, InitLines(tf));
        Assert.True(plan.Summary.HasChanges);
    }

    [Fact]
    public async Task A_changed_module_is_initialised_again()
    {
        var ct = TestContext.Current.CancellationToken;
        using var tf = new TerraformFixture(testModule: ("thing", Module));
        var input = TerraformFixture.Input("thing/one", """{"name":"a"}""");
        await tf.Runner.InitAsync(tf.Runner.Prepare(input).Workspace, tf.Record, ct);
        var initLines = InitLines(tf);

        await File.AppendAllTextAsync(tf.TempPath("modules", "components", "thing", "main.tf"), "\noutput \"name\" {\n  value = terraform_data.thing.output\n}\n", ct);
        await tf.Runner.InitAsync(tf.Runner.Prepare(input).Workspace, tf.Record, ct);

        Assert.True(InitLines(tf) > initLines);
    }

    private static int InitLines(TerraformFixture tf)
    {
        lock (tf.Lines)
        {
            return tf.Lines.Count(line => line.Command == "init");
        }
    }
}
