using System.Text.Json;

namespace Karma.Cli.Tests;

/// <summary>
/// Changes driven by separate karma processes on one KARMA_HOME, as engineers use them: propose in one process,
/// approve in another, read the result in a third. Real Terraform, the background dev server, in-process workers.
/// </summary>
public sealed class LifecycleSpecs : IAsyncDisposable
{
    private readonly CliWorkspace _workspace = new("karma-cli-lifecycle", "one bucket", ("iac/dev/s3-bucket/assets/config.json", """{"bucket_name":"assets","versioning":true}"""));

    [Fact]
    public async Task A_change_proposed_in_one_process_is_approved_in_another_and_seen_applied_in_a_third()
    {
        var input = _workspace.Temp.Combine("new.json");
        await File.WriteAllTextAsync(input, """{"bucket_name":"assets-v2","versioning":true}""", TestContext.Current.CancellationToken);

        var proposed = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input, "--reason", "rename", "-o", "json");
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        using var proposal = JsonDocument.Parse(proposed.StdOut);
        Assert.Equal("awaiting_approval", proposal.RootElement.GetProperty("state").GetString());
        var changeId = proposal.RootElement.GetProperty("change_id").GetString()!;
        Assert.Contains("plan:", proposed.StdErr + proposed.StdOut, StringComparison.Ordinal);

        var selfApproval = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "approve", changeId);
        Assert.True(selfApproval.ExitCode == 1, selfApproval.ToString());
        Assert.Contains("refused", selfApproval.StdErr, StringComparison.Ordinal);

        var approved = await Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "approve", changeId, "--comment", "looks right");
        Assert.True(approved.ExitCode == 0, approved.ToString());

        var status = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "status", changeId, "--output", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using var final = JsonDocument.Parse(status.StdOut);
        Assert.Equal("applied", final.RootElement.GetProperty("state").GetString());
        Assert.Equal("bob@example.com", final.RootElement.GetProperty("approvals")[0].GetProperty("user").GetString());

        var log = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "log", "grep", "--action", "terraform_applied", "-o", "json");
        Assert.True(log.ExitCode == 0, log.ToString());
        Assert.Contains("s3-bucket/assets", log.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_ends_the_change_as_rejected()
    {
        var input = _workspace.Temp.Combine("new.json");
        await File.WriteAllTextAsync(input, """{"bucket_name":"assets","versioning":false}""", TestContext.Current.CancellationToken);
        var proposed = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input, "-o", "json");
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        var changeId = JsonDocument.Parse(proposed.StdOut).RootElement.GetProperty("change_id").GetString()!;

        var rejected = await Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "reject", changeId, "--reason", "keep versioning");
        Assert.True(rejected.ExitCode == 0, rejected.ToString());

        // The documented exit code of a rejected change: 1, in status as in the command that followed it.
        var status = await Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "status", changeId, "-o", "json");
        Assert.True(status.ExitCode == 1, status.ToString());
        Assert.Equal("rejected", JsonDocument.Parse(status.StdOut).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_proposed_config_that_is_not_json_is_a_usage_error_naming_line_and_column()
    {
        var input = _workspace.Temp.Combine("bad.json");
        await File.WriteAllTextAsync(input, "{\n  \"bucket_name\": ,\n}", TestContext.Current.CancellationToken);

        var run = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut);
    }

    [Fact]
    public async Task An_unapproved_change_expires_after_the_configured_approval_timeout()
    {
        var input = _workspace.Temp.Combine("new.json");
        await File.WriteAllTextAsync(input, """{"bucket_name":"assets","versioning":false}""", TestContext.Current.CancellationToken);
        var impatient = Karma("alice@example.com", ("Karma__Changes__ApprovalTimeout", "00:00:03"));

        var run = await impatient.RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input, "--wait", "-o", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("expired", JsonDocument.Parse(run.StdOut).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_non_positive_approval_timeout_is_a_configuration_error_naming_the_key()
    {
        var run = await Karma("alice@example.com", ("Karma__Changes__ApprovalTimeout", "00:00:00")).RunAsync(_workspace.Temp.Path, "changes");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Karma:Changes:ApprovalTimeout", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("positive duration", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_change_id_is_a_usage_error()
    {
        var run = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "status", "c-nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("c-nope", run.StdErr, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    private KarmaProcess Karma(string identity, params (string Name, string Value)[] settings) => _workspace.Karma(identity, settings);
}
