using System.Text.Json;

namespace Karma.Cli.Tests;

/// <summary>
/// <c>karma plan</c> and <c>karma deploy</c> as separate real processes on one KARMA_HOME, with real Terraform and a real
/// config repo holding one component that was never deployed.
/// </summary>
public sealed class PlanDeploySpecs : IAsyncDisposable
{
    private readonly CliWorkspace _workspace = new("karma-cli-plan", "one bucket", ("iac/dev/s3-bucket/assets/config.json", """{"bucket_name":"assets","versioning":true}"""));

    private string Home => _workspace.Home;

    private string Instance => Path.Combine(Home, "work", "dev", "s3-bucket", "assets");

    [Fact]
    public async Task Plan_shows_impact_and_a_real_plan_and_leaves_git_parameters_and_state_alone()
    {
        var head = _workspace.Repo.Head();

        var json = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "plan", "s3-bucket", "assets", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var plan = JsonDocument.Parse(json.StdOut);
        var root = plan.RootElement;
        Assert.Equal(("planned", "plan"), (root.GetProperty("state").GetString(), root.GetProperty("kind").GetString()));
        Assert.StartsWith("plan-", root.GetProperty("change_id").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("plan").GetProperty("add").GetInt32() >= 1, json.StdOut);
        Assert.Contains("to add", root.GetProperty("result").GetProperty("plan_summary").GetString(), StringComparison.Ordinal);

        var input = _workspace.Temp.Combine("new.json");
        await File.WriteAllTextAsync(input, """{"bucket_name":"assets-v2"}""", TestContext.Current.CancellationToken);
        var text = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "plan", "s3-bucket", "assets", "--input", input);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("— planned", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("impact: no dependents", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("nothing was applied, published or committed", text.StdOut, StringComparison.Ordinal);

        // Nothing was deployed: no state, no published config, no commit; the run's scratch folders are gone.
        Assert.Equal(head, _workspace.Repo.Head());
        Assert.False(File.Exists(Path.Combine(Instance, "terraform.tfstate")));
        var dryRuns = Directory.GetDirectories(Path.Combine(Instance, "dry-runs"));
        Assert.Equal(2, dryRuns.Length);
        Assert.All(dryRuns, d => Assert.False(Directory.Exists(Path.Combine(d, "src")) || Directory.Exists(Path.Combine(d, ".terraform")), d));
        Assert.All(dryRuns, d => Assert.Single(Directory.GetFiles(Path.Combine(d, "plans"), "*.tfplan")));
    }

    [Fact]
    public async Task An_unknown_component_is_a_usage_error_naming_repo_and_path()
    {
        var run = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "plan", "s3-bucket", "nope");
        var deploy = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "deploy", "vpc", "nope", "-o", "json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("s3-bucket/nope has no config", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("iac/dev/s3-bucket/nope/config.json", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut);
        Assert.True(deploy.ExitCode == 2, deploy.ToString());
        Assert.Contains("vpc/nope has no config", deploy.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_applies_a_never_applied_component_after_approval_while_a_dry_run_runs_beside_it_and_then_has_nothing_to_do()
    {
        var head = _workspace.Repo.Head();
        var deployed = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "deploy", "s3-bucket", "assets", "-o", "json");
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        using var waiting = JsonDocument.Parse(deployed.StdOut);
        Assert.Equal(("awaiting_approval", "deploy"), (waiting.RootElement.GetProperty("state").GetString(), waiting.RootElement.GetProperty("kind").GetString()));
        var changeId = waiting.RootElement.GetProperty("change_id").GetString()!;
        var variables = Path.Combine(Instance, "src", "karma.auto.tfvars.json");
        var approvedInputs = await File.ReadAllTextAsync(variables, TestContext.Current.CancellationToken);

        // A dry run of another config does not queue behind the waiting deploy, and leaves its workspace alone.
        var other = _workspace.Temp.Combine("other.json");
        await File.WriteAllTextAsync(other, """{"bucket_name":"other"}""", TestContext.Current.CancellationToken);
        var dryRun = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "plan", "s3-bucket", "assets", "--input", other, "-o", "json");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(approvedInputs, await File.ReadAllTextAsync(variables, TestContext.Current.CancellationToken));

        var approved = await Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "approve", changeId);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        var status = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "status", changeId, "-o", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("applied", JsonDocument.Parse(status.StdOut).RootElement.GetProperty("state").GetString());

        var again = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "deploy", "s3-bucket", "assets", "--wait", "-o", "json");
        Assert.True(again.ExitCode == 0, again.ToString());
        using var second = JsonDocument.Parse(again.StdOut);
        Assert.Equal("no_changes", second.RootElement.GetProperty("state").GetString());
        Assert.Equal(head, _workspace.Repo.Head());
    }

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    private KarmaProcess Karma(string identity, params (string Name, string Value)[] settings) => _workspace.Karma(identity, settings);
}
