using System.Text.Json.Nodes;
using Karma.Activities.Lifecycle;
using Karma.Activities.Terraform;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Core.Ports;
using Karma.Testing;
using Karma.Workflows.Tests.Infrastructure;
using Temporalio.Activities;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// A plan approved and then overtaken by the world, with the real terraform binary: the upstream runtime it read, or
/// the state it was planned against, moves between the approval and the apply. The apply re-plans, nothing is applied,
/// the change is back to awaiting approval with the fresh plan, and only a new approval applies it.
/// </summary>
public sealed class StalePlanRealTerraformTests
{
    private static readonly ComponentId Vpc = new("vpc", "main");
    private static readonly ComponentId Cluster = new("ecs-cluster", "main");
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");

    [Fact]
    public async Task An_upstream_runtime_that_moves_after_approval_makes_the_plan_stale_and_nothing_is_applied()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        var gate = new ApplyGate();
        await using var h = await LifecycleHarness.StartAsync(realTerraform: true, applyOverride: gate.Wrap);
        var ct = TestContext.Current.CancellationToken;
        await PublishAsync(h, "/iac/vpc/main/config", """{"cidr":"10.0.0.0/16"}""");
        await PublishAsync(h, "/iac/vpc/main/runtime", """{"vpc_id":"vpc-1"}""");
        await PublishAsync(h, "/iac/ecs-cluster/main/config", """{"vpc_nickname":"main"}""");
        h.ConfigRepo!
            .WriteFile($"iac/{LifecycleHarness.Env}/vpc/main/config.json", """{"cidr":"10.0.0.0/16"}""")
            .WriteFile($"iac/{LifecycleHarness.Env}/ecs-cluster/main/config.json", """{"vpc_nickname":"main"}""")
            .Commit("vpc and cluster, as deployed");
        await h.Refresher.RefreshAsync(LifecycleHarness.Env, null, ct);

        await h.Client.ProposeAsync(LifecycleHarness.Request(Cluster, """{"vpc_nickname":"main","cluster_name":"web"}""", "c1"), Options);
        var first = await h.WaitForAsync(Cluster, "c1", s => s.State == ChangeState.AwaitingApproval, TimeSpan.FromSeconds(120));
        await h.Client.ApproveAsync(LifecycleHarness.Env, Cluster, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(60), ct);

        // Between approval and apply the VPC is replaced: the approved plan would place the cluster in the old one.
        await PublishAsync(h, "/iac/vpc/main/runtime", """{"vpc_id":"vpc-2"}""");
        gate.Open();
        var second = await h.WaitForAsync(Cluster, "c1",
            s => s.State == ChangeState.AwaitingApproval && s.Plan!.Fingerprint != first.Plan!.Fingerprint, TimeSpan.FromSeconds(120));

        Assert.Empty(second.Approvals);
        Assert.Contains(second.Timeline, t => t.Note?.Contains("stale", StringComparison.Ordinal) == true);
        Assert.Empty(StateResources(h, Cluster));
        Assert.Null(await h.Parameters.TryGetAsync("/iac/ecs-cluster/main/runtime", false, ct));
        Assert.DoesNotContain(await h.Audit.ReadAllAsync(ct), e => e.Action == AuditActions.TerraformApplied);

        await h.Client.ApproveAsync(LifecycleHarness.Env, Cluster, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Cluster, "c1");

        Assert.Equal("applied", result.Status);
        Assert.Equal(2, gate.Attempts);
        Assert.Contains("\"vpc_id\":\"vpc-2\"", (await h.Parameters.GetAsync("/iac/ecs-cluster/main/runtime", false, ct)).Value, StringComparison.Ordinal);
        Assert.Single(await h.Audit.ReadAllAsync(ct), e => e.Action == AuditActions.TerraformApplied);
    }

    [Fact]
    public async Task A_state_moved_out_of_band_after_approval_makes_the_saved_plan_stale_and_it_is_not_applied()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        var gate = new ApplyGate();
        await using var h = await LifecycleHarness.StartAsync(realTerraform: true, applyOverride: gate.Wrap);
        var ct = TestContext.Current.CancellationToken;
        await PublishAsync(h, "/iac/s3-bucket/assets/config", """{"bucket_name":"karma-dev-assets"}""");
        await h.Refresher.RefreshAsync(LifecycleHarness.Env, null, ct);

        const string Wanted = """{"bucket_name":"karma-dev-assets-2"}""";
        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, Wanted, "c1"), Options);
        var first = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval, TimeSpan.FromSeconds(120));
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(60), ct);

        // Someone applies a different bucket by hand in the same state: the approved plan (create) no longer fits.
        await ApplyOutOfBandAsync(h, Bucket, """{"bucket_name":"made-by-hand"}""", ct);
        gate.Open();
        var second = await h.WaitForAsync(Bucket, "c1",
            s => s.State == ChangeState.AwaitingApproval && s.Plan!.Fingerprint != first.Plan!.Fingerprint, TimeSpan.FromSeconds(120));

        Assert.Empty(second.Approvals);
        Assert.Contains(second.Timeline, t => t.Note?.Contains("stale", StringComparison.Ordinal) == true);
        Assert.True(second.Plan!.Destroy >= 1, $"the fresh plan replaces the hand-made bucket: {second.Plan.Summary}");
        Assert.Equal(["made-by-hand"], StateResources(h, Bucket).Select(BucketName));
        Assert.DoesNotContain(await h.Audit.ReadAllAsync(ct), e => e.Action == AuditActions.TerraformApplied);

        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");

        Assert.Equal("applied", result.Status);
        Assert.Equal(["karma-dev-assets-2"], StateResources(h, Bucket).Select(BucketName));
    }

    private static ChangeOptions Options => LifecycleHarness.FastOptions with { TerraformHeartbeatTimeout = TimeSpan.FromSeconds(60) };

    private static Task<long> PublishAsync(LifecycleHarness h, string path, string value) =>
        h.Parameters.PutAsync(new ParameterWrite(path, value, Overwrite: true), TestContext.Current.CancellationToken);

    private static async Task ApplyOutOfBandAsync(LifecycleHarness h, ComponentId component, string configJson, CancellationToken ct)
    {
        var runner = h.TerraformRunner;
        var prepared = await runner.PrepareAsync(new ComponentTerraformInput(LifecycleHarness.Env, component, configJson, new Dictionary<string, string>()), ct);
        await runner.InitAsync(prepared.Workspace, null, ct);
        var plan = await runner.PlanAsync(prepared.Workspace, new PlanRequest(), null, ct);
        await runner.ApplyAsync(prepared.Workspace, plan.Plan, null, ct);
    }

    /// <summary>The resource instances recorded in the component's real terraform state (none when there is no state).</summary>
    private static List<JsonObject> StateResources(LifecycleHarness h, ComponentId component)
    {
        var statePath = h.TerraformRunner.GetWorkspace(LifecycleHarness.Env, component).StatePath;
        if (!File.Exists(statePath))
        {
            return [];
        }

        var state = JsonNode.Parse(File.ReadAllText(statePath))!;
        return (state["resources"]?.AsArray() ?? [])
            .SelectMany(r => r!["instances"]!.AsArray())
            .Select(i => i!["attributes"]!.AsObject())
            .ToList();
    }

    private static string BucketName(JsonObject attributes) => attributes["input"]!["value"]!["name"]!.GetValue<string>();

    /// <summary>Holds the first apply attempt until the test has changed the world; counts every attempt.</summary>
    private sealed class ApplyGate
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _attempts;

        public Task Entered => _entered.Task;

        public int Attempts => _attempts;

        public void Open() => _open.TrySetResult();

        public Delegate Wrap(TerraformLifecycleActivities real)
        {
            [Activity("ApplyApprovedPlan")]
            async Task<ApplyOutcome> GatedApplyAsync(ApplyPlanInput input)
            {
                Interlocked.Increment(ref _attempts);
                _entered.TrySetResult();
                await _open.Task.WaitAsync(ActivityExecutionContext.Current.CancellationToken);
                return await real.ApplyApprovedPlanAsync(input);
            }

            return GatedApplyAsync;
        }
    }
}
