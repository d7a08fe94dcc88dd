using System.Text.RegularExpressions;
using Karma.Testing;

namespace Karma.Cli.Tests;

/// <summary>
/// What a user reads while following a change that fails: its timeline in order, and no notification line
/// ("[Failed] …", "[Approved] …") cutting in ahead of the steps it reports. In local mode the notifier runs in the
/// background host (its output goes to the host's log), so a CLI's stderr holds only the follower's ordered lines.
/// </summary>
public sealed partial class NotificationOrderSpecs : IAsyncDisposable
{
    private readonly TempDirectory _temp = new("karma-cli-order");
    private readonly GitRepo _repo;
    private readonly string _modules;

    public NotificationOrderSpecs()
    {
        RequiredTool.Require("terraform", "to plan and apply changes");
        GitRepo.RequireGit();
        _modules = FailingApplyModules();
        _repo = GitRepo.Init(_temp.Combine("config-repo"));
        _repo.WriteFile("iac/dev/s3-bucket/assets/config.json", """{"bucket_name":"assets","versioning":true}""");
        _repo.Commit("one bucket");
    }

    [Fact]
    public async Task A_change_whose_apply_fails_shows_its_timeline_with_no_notification_ahead_of_it()
    {
        var input = _temp.Combine("new.json");
        await File.WriteAllTextAsync(input, """{"bucket_name":"assets-v2","versioning":true}""", TestContext.Current.CancellationToken);
        var proposed = await Karma("alice@example.com").RunAsync(_temp.Path, "propose-change", "s3-bucket", "assets", "--input", input);
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        var changeId = ChangeIdIn().Match(proposed.StdOut).Groups["id"].Value;

        var applied = await Karma("bob@example.com").RunAsync(_temp.Path, "apply", changeId);

        Assert.True(applied.ExitCode == 1, applied.ToString());
        var lines = applied.StdErr.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var steps = lines.Select((line, index) => (Match: TimelineLine().Match(line), Index: index)).Where(s => s.Match.Success).ToList();
        var applying = steps.FindIndex(s => s.Match.Groups["state"].Value == "applying");
        Assert.True(applying >= 0, applied.ToString());
        Assert.Contains(steps.Skip(applying + 1), s => s.Match.Groups["state"].Value is "failed" or "rolled_back");

        // A notification, if one reaches this console at all, comes after the last step it could be reporting.
        var lastStep = steps[^1].Index;
        var early = lines.Take(lastStep).Where(line => NotificationLine().IsMatch(line)).ToList();
        Assert.True(early.Count == 0, $"notification lines before the timeline's end: {string.Join(" | ", early)}\n{applied}");
    }

    public async ValueTask DisposeAsync()
    {
        await Karma("cleanup").RunAsync(_temp.Path, "dev-server", "stop");
        _temp.Dispose();
    }

    /// <summary>The example modules, with a resource in the bucket module whose apply fails whenever the bucket is renamed.</summary>
    private string FailingApplyModules()
    {
        var modules = _temp.Combine("modules");
        var source = Path.Combine(KarmaProcess.RepoRoot(), "examples", "modules");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(modules, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(modules, "components", "s3-bucket", "fails.tf"), """
            resource "terraform_data" "fails" {
              triggers_replace = [local.bucket_name]
              provisioner "local-exec" {
                command = "test '${local.bucket_name}' = assets"
              }
            }
            """);
        return modules;
    }

    [GeneratedRegex(@"^  (?<state>[a-z_]+) {2,}")]
    private static partial Regex TimelineLine();

    [GeneratedRegex(@"^\[[A-Za-z]+\] ")]
    private static partial Regex NotificationLine();

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
