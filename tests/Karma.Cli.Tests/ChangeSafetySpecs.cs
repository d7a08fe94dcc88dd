using System.Text.Json;

namespace Karma.Cli.Tests;

/// <summary>
/// What a careless user meets at the command line, each with the documented exit code: late votes and cancels on a
/// change that ended, status of a rejected change, changes of another environment, a config too large to publish, and
/// an audit trail that shows the voter but never the proposed secret.
/// </summary>
public sealed class ChangeSafetySpecs : IAsyncDisposable
{
    private const string Password = "hunter2-very-secret";

    private readonly CliWorkspace _workspace = new("karma-cli-safety", "one bucket, two environments",
        ("iac/dev/s3-bucket/assets/config.json", """{"bucket_name":"assets","versioning":true}"""),
        ("iac/staging/s3-bucket/assets/config.json", """{"bucket_name":"assets-staging","versioning":true}"""));

    [Fact]
    public async Task A_rejected_change_exits_1_in_status_and_a_late_vote_or_cancel_says_it_already_ended()
    {
        var input = _workspace.Temp.Combine("new.json");
        await File.WriteAllTextAsync(input, $$$"""{"bucket_name":"assets","versioning":false,"db_password":"{{{Password}}}"}""", TestContext.Current.CancellationToken);
        var proposed = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input, "-o", "json");
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        var changeId = JsonDocument.Parse(proposed.StdOut).RootElement.GetProperty("change_id").GetString()!;
        var rejected = await Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "reject", changeId, "--reason", "keep versioning");
        Assert.True(rejected.ExitCode == 0, rejected.ToString());

        var status = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "status", changeId, "-o", "json");
        var approve = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "approve", changeId);
        var cancel = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "cancel", changeId);
        var log = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "log", "list", "--component", "s3-bucket/assets", "-o", "json");

        Assert.True(status.ExitCode == 1, status.ToString());
        Assert.Equal("rejected", JsonDocument.Parse(status.StdOut).RootElement.GetProperty("state").GetString());
        foreach (var late in new[] { approve, cancel })
        {
            Assert.True(late.ExitCode == 1, late.ToString());
            Assert.Contains($"change {changeId} already ended: rejected", late.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("unexpected error", late.StdErr, StringComparison.Ordinal);
        }

        Assert.True(log.ExitCode == 0, log.ToString());
        Assert.DoesNotContain(Password, log.StdOut, StringComparison.Ordinal);
        var vote = JsonDocument.Parse(log.StdOut).RootElement.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "approval");
        Assert.Equal(("bob@example.com", "cli", "rejected"),
            (vote.GetProperty("user").GetString(), vote.GetProperty("source").GetString(), vote.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Changes_lists_only_the_environment_asked_for()
    {
        var staging = await Karma("alice@example.com", ("Karma__Environment", "staging")).RunAsync(_workspace.Temp.Path, "plan", "s3-bucket", "assets", "-o", "json");
        Assert.True(staging.ExitCode == 0, staging.ToString());
        var dev = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "plan", "s3-bucket", "assets", "-o", "json");
        Assert.True(dev.ExitCode == 0, dev.ToString());

        var listed = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "--env", "dev", "changes", "-o", "json");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var environments = JsonDocument.Parse(listed.StdOut).RootElement.EnumerateArray().Select(c => c.GetProperty("environment").GetString()).ToList();
        Assert.Equal(["dev"], environments);
    }

    [Fact]
    public async Task A_config_over_the_parameter_store_limit_is_an_input_error_naming_the_limit()
    {
        var input = _workspace.Temp.Combine("huge.json");
        await File.WriteAllTextAsync(input, $$$"""{"bucket_name":"assets","tags":{"blob":"{{{new string('x', 5000)}}}"}}""", TestContext.Current.CancellationToken);

        var run = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("the Standard Parameter Store tier holds at most 4096 bytes", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut);
    }

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    private KarmaProcess Karma(string identity, params (string Name, string Value)[] settings) => _workspace.Karma(identity, settings);
}
