using System.Text.Json;

namespace Karma.Cli.Tests;

/// <summary>
/// A change whose apply alters runtime values a dependent consumes: the follower stops when the rollout waits for its
/// approval and says how to give it, and <c>karma approve &lt;change-id&gt;</c> then approves the rollout. Real
/// Terraform over the offline example modules, separate karma processes on one KARMA_HOME.
/// </summary>
public sealed class RolloutSpecs : IAsyncDisposable
{
    private const string VpcConfig = """{"vpc_name":"karma-dev-main","cidr_block":"10.20.0.0/16","azs":["us-east-1a"],"public_subnets":["10.20.0.0/24"],"private_subnets":[],"enable_nat_gateway":false}""";
    private const string ClusterConfig = """{"cluster_name":"karma-dev","vpc_nickname":"main","capacity_providers":["FARGATE"]}""";

    private readonly CliWorkspace _workspace = new("karma-cli-rollout", "a vpc and a cluster in it", ("iac/dev/vpc/main/config.json", VpcConfig), ("iac/dev/ecs-cluster/main/config.json", ClusterConfig));

    [Fact]
    public async Task The_rollout_of_a_change_waits_for_approval_and_karma_approve_gives_it()
    {
        await DeployAsync("vpc", "main");
        await DeployAsync("ecs-cluster", "main");
        var input = _workspace.Temp.Combine("vpc.json");
        await File.WriteAllTextAsync(input, VpcConfig.Replace("10.20.", "10.30.", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var proposed = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "propose-change", "vpc", "main", "--input", input, "-o", "json");
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        var changeId = JsonDocument.Parse(proposed.StdOut).RootElement.GetProperty("change_id").GetString()!;
        var approved = await Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "approve", changeId);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Contains($"rollout of {changeId} to its dependents awaits approval", approved.StdErr, StringComparison.Ordinal);

        var rolloutApproved = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "approve", changeId, "-o", "json");

        Assert.True(rolloutApproved.ExitCode == 0, rolloutApproved.ToString());
        Assert.Contains($"approved the rollout of {changeId}", rolloutApproved.StdErr, StringComparison.Ordinal);
        var status = await Karma("carol@example.com").RunAsync(_workspace.Temp.Path, "status", changeId, "-o", "json");
        using var final = JsonDocument.Parse(status.StdOut);
        Assert.Equal("applied", final.RootElement.GetProperty("state").GetString());
        var affected = final.RootElement.GetProperty("result").GetProperty("affected_components").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ecs-cluster/main", affected);
    }

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    private async Task DeployAsync(string type, string nickname)
    {
        var deployed = await Karma("alice@example.com").RunAsync(_workspace.Temp.Path, "deploy", type, nickname, "-o", "json");
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        var id = JsonDocument.Parse(deployed.StdOut).RootElement.GetProperty("change_id").GetString()!;
        var approved = await Karma("bob@example.com").RunAsync(_workspace.Temp.Path, "approve", id, "-o", "json");
        Assert.True(approved.ExitCode == 0, approved.ToString());
    }

    private KarmaProcess Karma(string identity, params (string Name, string Value)[] settings) => _workspace.Karma(identity, settings);
}
