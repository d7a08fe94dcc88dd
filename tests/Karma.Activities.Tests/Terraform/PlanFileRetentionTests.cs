using Karma.Activities.Configuration;
using Karma.Activities.Terraform;
using Karma.Testing;

namespace Karma.Activities.Tests.Terraform;

/// <summary>Saved plans hold secrets in plain text, so old ones are deleted; what a pending apply needs is not.</summary>
public sealed class PlanFileRetentionTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Plans_older_than_the_retention_are_deleted_and_newer_plans_and_redacted_json_kept()
    {
        using var temp = new TempDirectory("karma-plans");
        var old = Write(temp, "old.tfplan", Now.AddDays(-8));
        var oldJson = Write(temp, "old.redacted.json", Now.AddDays(-8));
        var recent = Write(temp, "recent.tfplan", Now.AddDays(-6));

        var deleted = PlanFileRetention.Prune(temp.Path, TimeSpan.FromDays(7), Now);

        Assert.Equal([old], deleted);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(oldJson));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void A_missing_plans_folder_prunes_nothing()
    {
        using var temp = new TempDirectory("karma-plans");
        Assert.Empty(PlanFileRetention.Prune(temp.Combine("never-planned"), TimeSpan.FromDays(7), Now));
    }

    [Fact]
    public async Task Planning_an_instance_again_deletes_its_expired_plans_and_keeps_the_new_one()
    {
        using var tf = new TerraformFixture(configure: o => o with { PlanRetention = TimeSpan.FromHours(1) });
        var workspace = await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"assets-1"}""");
        var expired = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        var fresh = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(expired.Plan.PlanFile, DateTime.UtcNow.AddHours(-2));

        var next = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);

        Assert.False(File.Exists(expired.Plan.PlanFile));
        Assert.True(File.Exists(fresh.Plan.PlanFile));
        Assert.True(File.Exists(next.Plan.PlanFile));
        await tf.Runner.ApplyAsync(workspace, next.Plan, tf.Record, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Expired_dry_run_folders_are_deleted_whole_and_recent_ones_kept()
    {
        using var temp = new TempDirectory("karma-dry-runs");
        var old = temp.Combine("plan-old");
        var recent = temp.Combine("plan-recent");
        Write(temp, Path.Combine("plan-old", "plans", "a.tfplan"), Now.AddDays(-9));
        Write(temp, Path.Combine("plan-recent", "plans", "b.tfplan"), Now.AddDays(-1));
        Directory.SetLastWriteTimeUtc(old, Now.AddDays(-9));
        Directory.SetLastWriteTimeUtc(recent, Now.AddDays(-1));

        var deleted = PlanFileRetention.PruneDryRuns(temp.Path, TimeSpan.FromDays(7), Now);

        Assert.Equal([old], deleted);
        Assert.False(Directory.Exists(old));
        Assert.True(File.Exists(Path.Combine(recent, "plans", "b.tfplan")));
    }

    [Fact]
    public async Task The_runner_prunes_only_the_expired_dry_runs_of_an_instance()
    {
        using var tf = new TerraformFixture(configure: o => o with { PlanRetention = TimeSpan.FromHours(1) });
        var component = new Karma.Core.Model.ComponentId("s3-bucket", "assets");
        var workspace = await tf.PrepareAndInitAsync("s3-bucket/assets", """{"bucket_name":"assets-1"}""");
        var kept = await tf.Runner.PlanAsync(workspace, null, tf.Record, TestContext.Current.CancellationToken);
        var expired = tf.Runner.GetDryRunWorkspace(TerraformFixture.Environment, component, "plan-expired");
        Directory.CreateDirectory(expired.PlansDirectory);
        await File.WriteAllTextAsync(Path.Combine(expired.PlansDirectory, "x.tfplan"), "secret", TestContext.Current.CancellationToken);
        Directory.SetLastWriteTimeUtc(expired.Directory, DateTime.UtcNow.AddHours(-2));
        var current = tf.Runner.GetDryRunWorkspace(TerraformFixture.Environment, component, "plan-current");
        Directory.CreateDirectory(current.PlansDirectory);

        var deleted = tf.Runner.PruneExpiredDryRuns(TerraformFixture.Environment, component);

        Assert.Equal([expired.Directory], deleted);
        Assert.True(Directory.Exists(current.Directory));
        Assert.True(File.Exists(kept.Plan.PlanFile));
    }

    [Fact]
    public void The_retention_is_configurable_and_must_be_positive()
    {
        using var home = new TempDirectory("karma-home");
        var configured = KarmaConfigurationLoader.Load(Input(home, "3.00:00:00"));
        Assert.Equal(TimeSpan.FromDays(3), configured.Options.Terraform.ToTerraformOptions(configured.Options.Home).PlanRetention);

        var error = Assert.Throws<KarmaConfigurationException>(() => KarmaConfigurationLoader.Load(Input(home, "-01:00:00")));
        Assert.Contains("Karma:Terraform:PlanRetention", error.Message, StringComparison.Ordinal);
        Assert.Contains("positive duration", error.Message, StringComparison.Ordinal);
    }

    private static KarmaConfigurationInput Input(TempDirectory home, string retention) => new()
    {
        UserProfile = home.Path,
        EnvironmentVariables = new Dictionary<string, string?> { ["KARMA_HOME"] = home.Combine("karma") },
        CommandLine = new Dictionary<string, string?>
        {
            ["Karma:Terraform:ModulesRoot"] = home.Combine("modules"),
            ["Karma:Terraform:PlanRetention"] = retention,
        },
    };

    private static string Write(TempDirectory temp, string name, DateTime lastWriteUtc)
    {
        var path = temp.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, name);
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }
}
