using Karma.Activities.Configuration;
using Karma.Testing;

namespace Karma.Activities.Tests.Configuration;

public sealed class KarmaConfigurationWithRepoTests : IDisposable
{
    private readonly TempDirectory _temp = new("karma-config-repo");

    [Fact]
    public async Task Karma_json_of_the_configured_repo_is_layered_between_user_file_and_environment()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo"))
            .Component("prod", "vpc", "main-vpc", "{}")
            .KarmaJson("""{"temporal":{"namespace":"from-repo","taskQueue":"repo-queue"},"modules":{"vpc":"./vpc"}}""")
            .Commit("init");
        var input = new KarmaConfigurationInput
        {
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["KARMA_HOME"] = _temp.Combine("home"),
                ["Karma__Repo__Url"] = builder.Repo.Path,
                ["Karma__Temporal__TaskQueue"] = "env-queue",
            },
        };

        var config = await KarmaConfigurationLoader.LoadWithRepoAsync(input, TestContext.Current.CancellationToken);

        Assert.Equal("from-repo", config.Options.Temporal.Namespace);
        Assert.Equal("env-queue", config.Options.Temporal.TaskQueue);
        Assert.Equal("./vpc", config.Options.Terraform.Modules["vpc"]);
        Assert.Equal($"karma.json in {builder.Repo.Path}", config.SourceOf("Karma:Temporal:Namespace"));
    }

    [Fact]
    public async Task An_unknown_key_in_karma_json_names_the_repo()
    {
        var builder = new GitRepoBuilder(_temp.Combine("repo")).KarmaJson("""{"temporall":{}, "grpah":{"provider":"sqlite"}}""").Commit("init");
        var input = new KarmaConfigurationInput
        {
            EnvironmentVariables = new Dictionary<string, string?> { ["KARMA_HOME"] = _temp.Combine("home"), ["Karma__Repo__Url"] = builder.Repo.Path },
        };

        var error = await Assert.ThrowsAsync<KarmaConfigurationException>(
            () => KarmaConfigurationLoader.LoadWithRepoAsync(input, TestContext.Current.CancellationToken));

        Assert.Equal("Karma:grpah:provider", error.Key);
        Assert.Equal($"karma.json in {builder.Repo.Path}", error.Source);
    }

    [Fact]
    public void Terraform_settings_become_runner_options_with_the_work_folder_under_home()
    {
        var settings = new TerraformSettings { ModulesRoot = "/modules", Environment = { ["TF_LOG"] = "INFO" } };

        var options = settings.ToTerraformOptions("/home/k/.karma");

        Assert.Equal(("terraform", "/modules", "/home/k/.karma/work"), (options.BinaryPath, options.ModulesRoot, options.WorkRoot));
        Assert.Equal("INFO", options.EnvironmentVariables["TF_LOG"]);
        Assert.Throws<KarmaConfigurationException>(() => new TerraformSettings().ToTerraformOptions("/h"));
    }

    public void Dispose() => _temp.Dispose();
}
