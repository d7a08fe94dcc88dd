using System.Diagnostics;
using System.Text.Json;
using Karma.Core.Lifecycle;

namespace Karma.Cli.Tests;

/// <summary>
/// Local mode's background host (the Temporal dev server and the Karma worker of one KARMA_HOME): approved work goes on
/// with no karma command running, survives the host being killed, is started once however many commands race, and
/// <c>karma dev-server stop</c> stops nothing but it. Real karma processes, real Terraform.
/// </summary>
public sealed class LocalHostSpecs : IAsyncDisposable
{
    private static readonly TimeSpan ChangeDeadline = TimeSpan.FromMinutes(2);

    private readonly CliWorkspace _workspace = new("karma-cli-local-host", "one bucket", ("iac/dev/s3-bucket/assets/config.json", """{"bucket_name":"assets","versioning":true}"""));

    [Fact]
    public async Task A_change_approved_by_a_command_killed_right_after_approving_is_applied_with_no_karma_command_running()
    {
        var changeId = await ProposeAsync("""{"bucket_name":"assets-v2","versioning":true}""");

        var approve = await ApproveThenKillAsync(changeId);

        Assert.Contains($"approved {changeId}", approve.StdErr, StringComparison.Ordinal);
        Assert.Equal("applied", await FinalStateAsync(changeId));
    }

    [Fact]
    public async Task A_host_killed_between_proposal_and_approval_is_restarted_by_the_next_command_and_the_change_completes()
    {
        var changeId = await ProposeAsync("""{"bucket_name":"assets","versioning":false}""");
        var killed = HostPid();
        using (var host = Process.GetProcessById(killed))
        {
            host.Kill();
            await host.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await ApproveThenKillAsync(changeId);

        Assert.Equal("applied", await FinalStateAsync(changeId));
        Assert.NotEqual(killed, HostPid());
    }

    [Fact]
    public async Task A_command_following_a_change_whose_host_dies_exits_3_instead_of_polling_for_ever()
    {
        var input = await WriteInputAsync("""{"bucket_name":"assets","versioning":false}""");
        var killedHost = false;

        var run = await Karma("alice@example.com").RunAsync(
            _workspace.Temp.Path,
            (line, _) =>
            {
                // The proposal waits for approval: the follower now only polls the host.
                if (!killedHost && line.Contains("awaiting_approval", StringComparison.Ordinal))
                {
                    killedHost = true;
                    using var host = Process.GetProcessById(HostPid());
                    host.Kill();
                }
            },
            "propose-change", "s3-bucket", "assets", "--input", input, "--wait");

        Assert.True(killedHost, run.ToString());
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("lost the Temporal server", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_first_commands_at_once_on_a_fresh_home_start_one_host()
    {
        var runs = await Task.WhenAll(
            Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "changes"),
            Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "changes"));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Equal([HostPid()], HostProcesses());
    }

    [Fact]
    public async Task Dev_server_stop_leaves_alone_a_live_process_that_a_stale_server_json_names()
    {
        using var unrelated = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        try
        {
            var folder = Path.Combine(_workspace.Home, "temporal-dev");
            Directory.CreateDirectory(folder);
            var serverJson = Path.Combine(folder, "server.json");
            await File.WriteAllTextAsync(serverJson, $$"""{"pid":{{unrelated.Id}},"address":"127.0.0.1:7233","database":"{{folder}}/temporal.db"}""", TestContext.Current.CancellationToken);

            var stop = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "dev-server", "stop");

            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.Contains("stale", stop.StdErr, StringComparison.Ordinal);
            Assert.False(unrelated.HasExited, "dev-server stop killed a process that is not the dev server");
            Assert.False(File.Exists(serverJson));
        }
        finally
        {
            unrelated.Kill();
        }
    }

    [Fact]
    public async Task A_command_that_moves_work_on_refuses_a_host_running_other_settings_and_names_them()
    {
        var first = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "changes");
        Assert.True(first.ExitCode == 0, first.ToString());

        var other = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "cancel", "c-any", "--prefix", "/elsewhere");

        Assert.True(other.ExitCode == 2, other.ToString());
        Assert.Contains("Karma:Prefix", other.StdErr, StringComparison.Ordinal);
        Assert.Contains("karma dev-server stop", other.StdErr, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    private async Task<string> ProposeAsync(string config)
    {
        var input = await WriteInputAsync(config);
        var proposed = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "s3-bucket", "assets", "--input", input, "-o", "json");
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        using var proposal = JsonDocument.Parse(proposed.StdOut);
        Assert.Equal("awaiting_approval", proposal.RootElement.GetProperty("state").GetString());
        return proposal.RootElement.GetProperty("change_id").GetString()!;
    }

    private async Task<string> WriteInputAsync(string config)
    {
        var input = _workspace.Temp.Combine($"proposed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, config, TestContext.Current.CancellationToken);
        return input;
    }

    /// <summary>Approves, and kills the approving process the moment it has reported the approval: nothing of it stays.</summary>
    private Task<KarmaRun> ApproveThenKillAsync(string changeId) =>
        Karma("bob@example.com").RunAsync(
            _workspace.Temp.Path,
            (line, process) =>
            {
                if (line.Contains($"approved {changeId}", StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                }
            },
            "approve", changeId);

    /// <summary>Reads the change with read-only <c>karma status</c> commands until it ends (nothing else runs meanwhile).</summary>
    private async Task<string> FinalStateAsync(string changeId)
    {
        var clock = Stopwatch.StartNew();
        string? state = null;
        while (clock.Elapsed < ChangeDeadline)
        {
            var status = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "status", changeId, "-o", "json");
            Assert.True(status.ExitCode is 0 or 1, status.ToString());
            state = JsonDocument.Parse(status.StdOut).RootElement.GetProperty("state").GetString();
            if (Enum.TryParse<ChangeState>(state?.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed) && parsed.IsTerminal())
            {
                return state!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }

        Assert.Fail($"change {changeId} still '{state}' after {ChangeDeadline.TotalSeconds:F0} s with no karma command running");
        return state!;
    }

    private int HostPid()
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(_workspace.Home, "temporal-dev", "server.json")));
        return state.RootElement.GetProperty("pid").GetInt32();
    }

    /// <summary>The pids of every process running as this home's background host.</summary>
    private List<int> HostProcesses() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsHost(pid))];

    private bool IsHost(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var stateHome = Array.IndexOf(arguments, "--state-home");
            return arguments.Contains("dev-server") && stateHome >= 0 && stateHome + 1 < arguments.Length && arguments[stateHome + 1] == _workspace.Home;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private KarmaProcess Karma(string identity, params (string Name, string Value)[] settings) => _workspace.Karma(identity, settings);
}
