using System.Text.Json;
using Karma.Testing;

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

    private readonly TempDirectory _temp = new("karma-cli-rollout");
    private readonly GitRepo _repo;
    private readonly string _modules;

    public RolloutSpecs()
    {
        RequiredTool.Require("terraform", "to plan and apply changes");
        GitRepo.RequireGit();
        _modules = Path.Combine(KarmaProcess.RepoRoot(), "examples", "modules");
        _repo = GitRepo.Init(_temp.Combine("config-repo"));
        _repo.WriteFile("iac/dev/vpc/main/config.json", VpcConfig);
        _repo.WriteFile("iac/dev/ecs-cluster/main/config.json", ClusterConfig);
        _repo.Commit("a vpc and a cluster in it");
    }

    [Fact]
    public async Task The_rollout_of_a_change_waits_for_approval_and_karma_approve_gives_it()
    {
        await DeployAsync("vpc", "main");
        await DeployAsync("ecs-cluster", "main");
        var input = _temp.Combine("vpc.json");
        await File.WriteAllTextAsync(input, VpcConfig.Replace("10.20.", "10.30.", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var proposed = await Karma("alice@example.com").RunAsync(_temp.Path, "propose-change", "vpc", "main", "--input", input, "-o", "json");
        Assert.True(proposed.ExitCode == 0, proposed.ToString());
        var changeId = JsonDocument.Parse(proposed.StdOut).RootElement.GetProperty("change_id").GetString()!;
        var approved = await Karma("bob@example.com").RunAsync(_temp.Path, "approve", changeId);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Contains($"rollout of {changeId} to its dependents awaits approval", approved.StdErr, StringComparison.Ordinal);

        var rolloutApproved = await Karma("carol@example.com").RunAsync(_temp.Path, "approve", changeId, "-o", "json");

        Assert.True(rolloutApproved.ExitCode == 0, rolloutApproved.ToString());
        Assert.Contains($"approved the rollout of {changeId}", rolloutApproved.StdErr, StringComparison.Ordinal);
        var status = await Karma("carol@example.com").RunAsync(_temp.Path, "status", changeId, "-o", "json");
        using var final = JsonDocument.Parse(status.StdOut);
        Assert.Equal("applied", final.RootElement.GetProperty("state").GetString());
        var affected = final.RootElement.GetProperty("result").GetProperty("affected_components").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ecs-cluster/main", affected);
    }

    public async ValueTask DisposeAsync()
    {
        await Karma("cleanup").RunAsync(_temp.Path, "dev-server", "stop");
        _temp.Dispose();
    }

    private async Task DeployAsync(string type, string nickname)
    {
        var deployed = await Karma("alice@example.com").RunAsync(_temp.Path, "deploy", type, nickname, "-o", "json");
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        var id = JsonDocument.Parse(deployed.StdOut).RootElement.GetProperty("change_id").GetString()!;
        var approved = await Karma("bob@example.com").RunAsync(_temp.Path, "approve", id, "-o", "json");
        Assert.True(approved.ExitCode == 0, approved.ToString());
    }

    private KarmaProcess Karma(string identity) => new(_temp.Combine("home"), new Dictionary<string, string?>
    {
        ["Karma__Identity__User"] = identity,
        ["Karma__Repo__Url"] = _repo.Path,
        ["Karma__Environment"] = "dev",
        ["Karma__Terraform__ModulesRoot"] = _modules,
    });
}
