using System.Text.Json;
using System.Text.RegularExpressions;
using Karma.Testing;

namespace Karma.Cli.Tests;

/// <summary>
/// Following a change shows its steps and, while Terraform runs, Terraform's own output lines (from the activity's
/// heartbeat) — on stderr, as plain lines when stderr is not a terminal, never on stdout, nothing with --quiet. And
/// <c>karma status</c> reads a change from the server alone: a bare dev server on the same database, no worker anywhere.
/// </summary>
public sealed partial class FollowProgressSpecs : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("karma-cli-progress");
    private readonly GitRepo _repo;
    private readonly string _modules;

    public FollowProgressSpecs()
    {
        RequiredTool.Require("terraform", "to plan and apply changes");
        GitRepo.RequireGit();
        _modules = SlowApplyModules();
        _repo = GitRepo.Init(_temp.Combine("config-repo"));
        _repo.WriteFile("iac/dev/s3-bucket/assets/config.json", """{"bucket_name":"assets","versioning":true}""");
        _repo.Commit("one bucket");
    }

    [Fact]
    public async Task Applying_shows_terraform_lines_on_stderr_and_status_and_changes_need_no_worker()
    {
        var input = _temp.Combine("new.json");
        await File.WriteAllTextAsync(input, """{"bucket_name":"assets-v2","versioning":true}""", TestContext.Current.CancellationToken);

        var proposed = await Karma("alice@example.com").RunAsync(_temp.Path, "propose-change", "s3-bucket", "assets", "--input", input);
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        var changeId = ChangeIdIn().Match(proposed.StdOut).Groups["id"].Value;

        var applied = await Karma("bob@example.com").RunAsync(_temp.Path, "apply", changeId, "-o", "json");
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.True(SlowResourceLine().IsMatch(applied.StdErr), applied.ToString());
        Assert.DoesNotContain("\u001b[", applied.StdErr, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(applied.StdOut))
        {
            Assert.Equal("applied", json.RootElement.GetProperty("state").GetString());
        }

        // Local mode's host runs a worker: read through a bare server on its database instead, so only the memo can answer.
        var stopped = await Karma("carol@example.com").RunAsync(_temp.Path, "dev-server", "stop");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        await using var bare = await BareServer.StartAsync(_temp.Combine("home"), _temp.Combine("home", "temporal-dev", "temporal.db"));
        var status = await Karma("carol@example.com").RunAsync(_temp.Path, "status", changeId, "-o", "json", "--address", bare.Address);
        Assert.True(status.ExitCode == 0, status.ToString());
        using var final = JsonDocument.Parse(status.StdOut);
        Assert.Equal("applied", final.RootElement.GetProperty("state").GetString());
        Assert.Equal("bob@example.com", final.RootElement.GetProperty("approvals")[0].GetProperty("user").GetString());

        var listed = await Karma("carol@example.com").RunAsync(_temp.Path, "changes", "-o", "json", "--address", bare.Address);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using var rows = JsonDocument.Parse(listed.StdOut);
        Assert.Equal(("applied", "alice@example.com"), (rows.RootElement[0].GetProperty("state").GetString(), rows.RootElement[0].GetProperty("requested_by").GetString()));
    }

    [Fact]
    public async Task Quiet_following_prints_no_progress_at_all()
    {
        var input = _temp.Combine("new.json");
        await File.WriteAllTextAsync(input, """{"bucket_name":"assets","versioning":false}""", TestContext.Current.CancellationToken);

        var proposed = await Karma("alice@example.com").RunAsync(_temp.Path, "propose-change", "s3-bucket", "assets", "--input", input, "--quiet", "-o", "json");

        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        Assert.Equal(string.Empty, proposed.StdErr);
        using var json = JsonDocument.Parse(proposed.StdOut);
        Assert.Equal("awaiting_approval", json.RootElement.GetProperty("state").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        await Karma("cleanup").RunAsync(_temp.Path, "dev-server", "stop");
        _temp.Dispose();
    }

    /// <summary>
    /// The example modules, with a resource whose apply takes two seconds in the bucket module: progress is sampled (the
    /// latest line, every few hundred milliseconds), and an instant apply (or plan) can end between two samples.
    /// </summary>
    private string SlowApplyModules()
    {
        var modules = _temp.Combine("modules");
        var source = Path.Combine(KarmaProcess.RepoRoot(), "examples", "modules");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(modules, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(modules, "components", "s3-bucket", "slow.tf"), """
            resource "terraform_data" "slow" {
              triggers_replace = [local.bucket_name]
              # After the bucket, so that while it sleeps its own line is terraform's latest.
              depends_on = [terraform_data.bucket]
              provisioner "local-exec" {
                command = "sleep 2"
              }
            }
            """);
        return modules;
    }

    [GeneratedRegex(@"^    terraform apply: terraform_data\.slow.*(Creating|local-exec)", RegexOptions.Multiline)]
    private static partial Regex SlowResourceLine();

    [GeneratedRegex(@"^change (?<id>\S+):", RegexOptions.Multiline)]
    private static partial Regex ChangeIdIn();

    private KarmaProcess Karma(string identity) => new(_temp.Combine("home"), new Dictionary<string, string?>
    {
        ["Karma__Identity__User"] = identity,
        ["Karma__Repo__Url"] = _repo.Path,
        ["Karma__Environment"] = "dev",
        ["Karma__Terraform__ModulesRoot"] = _modules,
    });
}
