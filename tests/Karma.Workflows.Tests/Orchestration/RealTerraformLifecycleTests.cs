using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Testing;
using Karma.Workflows.Tests.Infrastructure;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>The whole lifecycle with the real terraform binary and the offline terraform_data example modules.</summary>
public sealed class RealTerraformLifecycleTests
{
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");

    [Fact]
    public async Task A_change_is_planned_approved_applied_and_its_runtime_published_with_real_terraform()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        await using var h = await LifecycleHarness.StartAsync(realTerraform: true);
        var ct = TestContext.Current.CancellationToken;
        await h.Parameters.PutAsync(new Karma.Core.Ports.ParameterWrite("/iac/s3-bucket/assets/config", """{"bucket_name":"karma-dev-assets"}""", Overwrite: true), ct);
        await h.Refresher.RefreshAsync(LifecycleHarness.Env, null, ct);

        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"karma-dev-assets-2","versioning":true}""", "c1"),
            LifecycleHarness.FastOptions with { TerraformHeartbeatTimeout = TimeSpan.FromSeconds(60) });
        var waiting = await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval, TimeSpan.FromSeconds(120));
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        var runtime = await h.Parameters.GetAsync("/iac/s3-bucket/assets/runtime", false, ct);

        Assert.True(waiting.Plan!.Add >= 1, waiting.Plan.Summary);
        Assert.True(File.Exists(waiting.Plan.PlanRef), "the plan is kept on disk and passed by reference");
        Assert.Equal("applied", result.Status);
        Assert.Contains("\"bucket_name\":\"karma-dev-assets-2\"", runtime.Value, StringComparison.Ordinal);
        await HistoryReplay.ReplayAsync(h.Client.Temporal, ("change-real-terraform", "karma/dev/s3-bucket/assets/c1"));
    }
}
