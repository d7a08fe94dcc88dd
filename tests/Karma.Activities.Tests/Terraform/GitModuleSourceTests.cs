using Karma.Activities.Configuration;
using Karma.Activities.Terraform;
using Karma.Testing;

namespace Karma.Activities.Tests.Terraform;

/// <summary>
/// Modules from a Git URL (Terraform's <c>git::url//subdir?ref=</c> syntax), fetched from a real bare repository over
/// file:// into the module cache, then prepared, planned and applied by the real terraform.
/// </summary>
public sealed class GitModuleSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-gitmod");
    private readonly GitRepo _source;
    private readonly GitRepo _remote;

    public GitModuleSourceTests()
    {
        GitRepo.RequireGit();
        _source = GitRepo.Init(_temp.Combine("source"));
        _source.WriteFile("components/widget/main.tf", WidgetModule("v1"))
            .WriteFile("shared/widget/main.tf", WidgetModule("shared-v1"));
        _source.Commit("widget v1");
        _source.Tag("v1");
        _source.WriteFile("components/widget/main.tf", WidgetModule("v2"));
        _source.Commit("widget v2");
        _remote = _source.CloneBare(_temp.Combine("modules.git"));
    }

    [Fact]
    public async Task A_modules_root_from_git_is_applied_at_the_tag_asked_for_and_at_the_branch_tip_otherwise()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pinned = Fixture($"git::{_remote.FileUrl}?ref=v1");
        var workspace = (await pinned.Runner.PrepareAsync(TerraformFixture.Input("widget/one", "{}"), ct)).Workspace;
        await pinned.Runner.InitAsync(workspace, pinned.Record, ct);
        var outputs = await pinned.PlanApplyAsync(workspace);
        Assert.Equal("\"v1\"", outputs.ValuesJson["version"]);

        // No ref: the remote's default branch, fetched again on each preparation so a new commit is seen.
        using var tip = Fixture($"git::{_remote.FileUrl}");
        var atTip = await tip.Runner.PrepareAsync(TerraformFixture.Input("widget/one", "{}"), ct);
        Assert.Contains("\"v2\"", await File.ReadAllTextAsync(Path.Combine(atTip.Workspace.SourceDirectory, "main.tf"), ct), StringComparison.Ordinal);

        _source.WriteFile("components/widget/main.tf", WidgetModule("v3")).Commit("widget v3");
        _source.AddRemote("origin", _remote.FileUrl).Push("origin", "main");
        var afterPush = await tip.Runner.PrepareAsync(TerraformFixture.Input("widget/one", "{}"), ct);
        Assert.Contains("\"v3\"", await File.ReadAllTextAsync(Path.Combine(afterPush.Workspace.SourceDirectory, "main.tf"), ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_of_one_type_from_a_git_subfolder_at_a_commit_overrides_the_modules_root()
    {
        var ct = TestContext.Current.CancellationToken;
        var v1 = _source.Resolve("v1");
        using var tf = Fixture(ExampleModules.OfflineRoot, new Dictionary<string, string> { ["widget"] = $"git::{_remote.FileUrl}//shared/widget?ref={v1}" });

        var prepared = await tf.Runner.PrepareAsync(TerraformFixture.Input("widget/one", "{}"), ct);

        Assert.Contains("shared-v1", await File.ReadAllTextAsync(Path.Combine(prepared.Workspace.SourceDirectory, "main.tf"), ct), StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(tf.Options.ModuleCacheDirectory!, "checkouts", v1)), "the commit's tree is cached by SHA");
        // Other types still come from the modules root.
        var bucket = await tf.Runner.PrepareAsync(TerraformFixture.Input("s3-bucket/assets", """{"bucket_name":"b"}"""), ct);
        Assert.True(File.Exists(Path.Combine(bucket.Workspace.SourceDirectory, "main.tf")));
    }

    [Fact]
    public async Task Unknown_refs_missing_folders_and_synchronous_preparation_are_clear_input_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        using var badRef = Fixture($"git::{_remote.FileUrl}?ref=no-such-tag");
        var unknown = await Assert.ThrowsAsync<TerraformInputException>(() => badRef.Runner.PrepareAsync(TerraformFixture.Input("widget/one", "{}"), ct));
        Assert.Contains("no-such-tag", unknown.Message, StringComparison.Ordinal);

        using var badFolder = Fixture(ExampleModules.OfflineRoot, new Dictionary<string, string> { ["widget"] = $"git::{_remote.FileUrl}//nowhere" });
        var missing = await Assert.ThrowsAsync<TerraformInputException>(() => badFolder.Runner.PrepareAsync(TerraformFixture.Input("widget/one", "{}"), ct));
        Assert.Contains("'nowhere'", missing.Message, StringComparison.Ordinal);

        var sync = Assert.Throws<TerraformInputException>(() => badRef.Runner.Prepare(TerraformFixture.Input("widget/one", "{}")));
        Assert.Contains("PrepareAsync", sync.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git::https://example.com/org/modules.git//aws/vpc?ref=v1.2.0", "https://example.com/org/modules.git", "aws/vpc", "v1.2.0")]
    [InlineData("git::file:///srv/git/modules.git", "file:///srv/git/modules.git", "", null)]
    [InlineData("https://example.com/modules.git?ref=main", "https://example.com/modules.git", "", "main")]
    [InlineData("git@github.com:org/modules.git//vpc", "git@github.com:org/modules.git", "vpc", null)]
    public void Git_sources_are_read_in_terraform_syntax(string text, string url, string subdirectory, string? reference)
    {
        var source = ModuleSource.Parse(text, "Karma:Terraform:ModulesRoot");

        Assert.True(source.IsGit);
        Assert.Equal((url, subdirectory, reference), (source.Location, source.Subdirectory, source.Ref));
    }

    [Fact]
    public void Folders_stay_folders_and_bad_sources_name_the_setting_without_credentials()
    {
        Assert.False(ModuleSource.Parse("/opt/modules", "Karma:Terraform:ModulesRoot").IsGit);
        Assert.False(ModuleSource.Parse("../modules", "Karma:Terraform:ModulesRoot").IsGit);

        var query = Assert.Throws<TerraformInputException>(() => ModuleSource.Parse("git::https://bob:tok3n@example.com/m.git?depth=1", "Karma:Terraform:Modules:vpc"));
        Assert.Contains("Karma:Terraform:Modules:vpc", query.Message, StringComparison.Ordinal);
        Assert.Contains("depth", query.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n", query.Message, StringComparison.Ordinal);

        var escape = Assert.Throws<TerraformInputException>(() => ModuleSource.Parse("git::https://example.com/m.git//../etc", "Karma:Terraform:ModulesRoot"));
        Assert.Contains("'..'", escape.Message, StringComparison.Ordinal);
        Assert.Equal("git::https://example.com/m.git//vpc?ref=v1", ModuleSource.Parse("git::https://bob:tok3n@example.com/m.git//vpc?ref=v1", "x").Display);
    }

    [Fact]
    public void Configured_module_sources_reach_the_runner_options_and_replace_the_need_for_a_modules_root()
    {
        var settings = new TerraformSettings { Modules = { ["vpc"] = "git::https://example.com/m.git//vpc?ref=v1" } };

        var options = settings.ToTerraformOptions("/home/k/.karma");

        Assert.Equal("git::https://example.com/m.git//vpc?ref=v1", options.Modules["vpc"]);
        Assert.Equal("/home/k/.karma/modules", options.ModuleCacheDirectory);
    }

    public void Dispose() => _temp.Dispose();

    private TerraformFixture Fixture(string modulesRoot, Dictionary<string, string>? modules = null) =>
        new(modulesRoot, configure: options => options with
        {
            Modules = modules ?? new Dictionary<string, string>(),
            ModuleCacheDirectory = _temp.Combine("module-cache"),
        });

    private static string WidgetModule(string version) => $$"""
        resource "terraform_data" "widget" {
          input = "{{version}}"
        }

        output "version" {
          value = terraform_data.widget.output
        }
        """;
}
