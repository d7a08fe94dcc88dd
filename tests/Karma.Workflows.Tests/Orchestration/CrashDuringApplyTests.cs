using Karma.Activities.Lifecycle;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Testing;
using Karma.Workflows.Tests.Infrastructure;
using Temporalio.Activities;

namespace Karma.Workflows.Tests.Orchestration;

/// <summary>
/// A worker that dies right after terraform applied, before reporting back: the activity stops heartbeating, the
/// server times it out and retries it; the retry re-plans, finds nothing left and does not apply a second time.
/// (In-process stand-in for a killed worker process: the first attempt applies for real and then goes silent.)
/// </summary>
public sealed class CrashDuringApplyTests
{
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");

    [Fact]
    public async Task A_retry_after_a_crash_mid_apply_continues_from_the_real_state_without_a_second_apply()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        var attempts = 0;
        await using var h = await LifecycleHarness.StartAsync(realTerraform: true, applyOverride: real =>
        {
            [Activity("ApplyApprovedPlan")]
            async Task<ApplyOutcome> CrashingApplyAsync(ApplyPlanInput input)
            {
                Interlocked.Increment(ref attempts);
                var outcome = await real.ApplyApprovedPlanAsync(input);
                if (ActivityExecutionContext.Current.Info.Attempt == 1)
                {
                    // "Crash": the apply happened, the result is never reported, heartbeats stop.
                    await Task.Delay(Timeout.Infinite, ActivityExecutionContext.Current.WorkerShutdownToken);
                }

                return outcome;
            }

            return CrashingApplyAsync;
        });
        var ct = TestContext.Current.CancellationToken;
        await h.Parameters.PutAsync(new Karma.Core.Ports.ParameterWrite("/iac/s3-bucket/assets/config", """{"bucket_name":"karma-dev-assets"}""", Overwrite: true), ct);
        await h.Refresher.RefreshAsync(LifecycleHarness.Env, null, ct);

        await h.Client.ProposeAsync(LifecycleHarness.Request(Bucket, """{"bucket_name":"karma-dev-assets-2"}""", "c1"),
            LifecycleHarness.FastOptions with { TerraformHeartbeatTimeout = TimeSpan.FromSeconds(5) });
        await h.WaitForAsync(Bucket, "c1", s => s.State == ChangeState.AwaitingApproval, TimeSpan.FromSeconds(120));
        await h.Client.ApproveAsync(LifecycleHarness.Env, Bucket, new ApprovalVote("c1", "bob", ChangeSource.Cli));
        var result = await h.Client.GetResultAsync(LifecycleHarness.Env, Bucket, "c1");
        var audit = await h.Audit.ReadAllAsync(ct);

        Assert.Equal("applied", result.Status);
        Assert.Equal(2, attempts);
        var applied = Assert.Single(audit, e => e.Action == AuditActions.TerraformApplied);
        Assert.True(applied.Inputs["resumed"]!.GetValue<bool>(), "the retry must have re-planned and found the apply done");
        Assert.Contains("karma-dev-assets-2", (await h.Parameters.GetAsync("/iac/s3-bucket/assets/runtime", false, ct)).Value, StringComparison.Ordinal);
    }
}
