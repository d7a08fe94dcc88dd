using System.Net;
using System.Text.Json.Nodes;
using Karma.Api.Tests.Infrastructure;
using Karma.Core.Lifecycle;
using Karma.Core.Model;
using Karma.Slack.Tests.Support;
using Karma.Testing;

namespace Karma.Api.Tests.Slack;

/// <summary>
/// Approvals in Slack end to end on temporal-dev, with real terraform: the worker posts the request, really signed
/// clicks arrive at the running host's /slack/interactions, the change workflow decides, the message is updated and the
/// result threaded. Real Slack cannot be reached here; the local Slack API records what the worker sent.
/// </summary>
[Collection(TemporalServerGroup.Name)]
public sealed class SlackApprovalEndToEndTests(TemporalServerFixture temporal)
{
    private const string Approve = "karma_approve";
    private const string Secret = "s3cr3t-api-token-value";
    private static readonly ComponentId Bucket = new("s3-bucket", "assets");
    private static readonly TimeSpan PlanTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_signed_click_approves_a_waiting_change_which_applies_updates_the_message_and_threads_the_result_across_a_worker_restart()
    {
        RequiredTool.Require("terraform", "to plan and apply the example modules");
        await using var slack = await LocalSlackApi.StartAsync();
        await using var host = await SlackWorkerHost.StartAsync(temporal.Client, slack);
        await host.PublishedAsync(Bucket, """{"bucket_name":"karma-dev-assets"}""");

        await host.ProposeAsync(Bucket, "c-slack", $$"""{"bucket_name":"karma-dev-assets-2","versioning":true,"api_token":"{{Secret}}"}""", TimeSpan.FromMinutes(10));
        var (request, record) = await host.WaitForRequestAsync(Bucket, "c-slack", PlanTimeout);

        // The request: where, who and why, the diff (the token's key only), the plan, approvals needed, expiry, links.
        var text = SlackWorkerHost.Text(request);
        Assert.Equal(SlackWorkerHost.Channel, request["channel"]!.GetValue<string>());
        Assert.Contains("s3-bucket/assets", text, StringComparison.Ordinal);
        Assert.Contains(host.Env, text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.Contains("rename the assets bucket", text, StringComparison.Ordinal);
        Assert.Contains("~ bucket_name: karma-dev-assets → karma-dev-assets-2", text, StringComparison.Ordinal);
        Assert.Contains("+ api_token = (sensitive)", text, StringComparison.Ordinal);
        Assert.Contains("to create", text, StringComparison.Ordinal);
        Assert.Contains("1 more needed", text, StringComparison.Ordinal);
        Assert.Contains("karma status c-slack", text, StringComparison.Ordinal);
        Assert.Contains("http://localhost:8233/namespaces/default/workflows/", text, StringComparison.Ordinal);

        // The plan, resource by resource, goes in the thread, not the main message; values never do.
        var plan = await host.WaitForCallAsync("chat.postMessage", m => IsReply(m, record.Ts, "Plan (1/1)"));
        Assert.Contains("+ terraform_data.bucket", SlackWorkerHost.Text(plan), StringComparison.Ordinal);
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", SlackWorkerHost.Text(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("terraform_data.bucket", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, string.Join("\n", slack.Calls.Select(c => c.Body)), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(host.Home, "slack", "requests")).Single(), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var value = SlackWorkerHost.ButtonValue(request)!;
        Assert.Equal($"karma/{host.Env}/s3-bucket/assets/c-slack", value);

        // The worker restarts while the change waits: the new process finds the request under KARMA_HOME.
        await host.RestartAsync();

        // bob approves with a really signed click; Slack gets its 200 at once.
        var click = SlackWorkerHost.Click(SlackWorkerHost.Bob, Approve, value, record.Ts);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var accepted = await host.PostSignedAsync(click, now))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // The same request again (same timestamp and signature) is a replay.
        using (var replay = await host.PostSignedAsync(click, now))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        }

        var result = await host.Workflows.GetResultAsync(host.Env, Bucket, "c-slack");
        Assert.Equal("applied", result.Status);

        // The buttons are replaced by the decision, and the progress is threaded under the request.
        var updated = await host.WaitForCallAsync("chat.update", m =>
            m["ts"]?.GetValue<string>() == record.Ts && SlackWorkerHost.ButtonValue(m) is null
            && SlackWorkerHost.Text(m).Contains("Approved: s3-bucket/assets", StringComparison.Ordinal));
        Assert.Contains("Approved by *bob* at", SlackWorkerHost.Text(updated), StringComparison.Ordinal);
        await host.WaitForCallAsync("chat.postMessage", m => IsReply(m, record.Ts, ":hourglass_flowing_sand: Applying"));
        await host.WaitForCallAsync("chat.postMessage", m => IsReply(m, record.Ts, ":white_check_mark: Verified"));
        await host.WaitForCallAsync("chat.postEphemeral", m => To(m, SlackWorkerHost.Bob) && SlackWorkerHost.Text(m).Contains("Your approval", StringComparison.Ordinal));

        // A second click by bob, or carol's late one, is harmless: it is explained to them and nothing changes.
        using (var again = await host.PostSignedAsync(SlackWorkerHost.Click(SlackWorkerHost.Carol, Approve, value, record.Ts)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        await host.WaitForCallAsync("chat.postEphemeral", m => To(m, SlackWorkerHost.Carol) && SlackWorkerHost.Text(m).Contains("already decided", StringComparison.Ordinal));
        var status = await host.Workflows.GetStatusAsync(host.Env, Bucket, "c-slack");
        Assert.Equal(ChangeState.Applied, status.State);
        Assert.Equal(["bob"], status.Approvals.Select(a => a.User));
        Assert.All(status.Approvals, a => Assert.Equal(ChangeSource.Slack, a.Source));
    }

    [Fact]
    public async Task Reject_opens_a_reason_form_whose_signed_submission_rejects_the_change()
    {
        RequiredTool.Require("terraform", "to plan the example modules");
        await using var slack = await LocalSlackApi.StartAsync();
        await using var host = await SlackWorkerHost.StartAsync(temporal.Client, slack);
        var bucket = new ComponentId("s3-bucket", "rejected");
        await host.PublishedAsync(bucket, """{"bucket_name":"karma-rejected"}""");
        await host.PublishedAsync(new ComponentId("lambda", "reader"), """{"depends_on":["s3-bucket/rejected"]}""");
        await host.ProposeAsync(bucket, "c-reject", """{"bucket_name":"karma-rejected-2"}""", TimeSpan.FromMinutes(10));
        var (request, record) = await host.WaitForRequestAsync(bucket, "c-reject", PlanTimeout);
        var value = SlackWorkerHost.ButtonValue(request)!;

        // The impact comes from the graph: the dependent, and the wave it would be rolled out in.
        Assert.Contains("Downstream: `lambda/reader`", SlackWorkerHost.Text(request), StringComparison.Ordinal);
        Assert.Contains("wave 1: `lambda/reader`", SlackWorkerHost.Text(request), StringComparison.Ordinal);

        using (var click = await host.PostSignedAsync(SlackWorkerHost.Click(SlackWorkerHost.Carol, "karma_reject", value, record.Ts)))
        {
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        }

        // The form remembers the change and the message it came from; its submission is signed like any interaction.
        var form = await host.WaitForCallAsync("views.open", _ => true);
        Assert.Contains(value, form["view"]!["private_metadata"]!.GetValue<string>(), StringComparison.Ordinal);
        var submission = SlackPayloads.Form(SlackPayloads.RejectSubmission(SlackWorkerHost.Carol, value, "not during the freeze", SlackWorkerHost.Channel, record.Ts));
        using (var submitted = await host.PostSignedAsync(submission))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        var result = await host.Workflows.GetResultAsync(host.Env, bucket, "c-reject");
        Assert.Equal("rejected", result.Status);
        var updated = await host.WaitForCallAsync("chat.update", m =>
            m["ts"]?.GetValue<string>() == record.Ts && SlackWorkerHost.ButtonValue(m) is null
            && SlackWorkerHost.Text(m).Contains("Rejected by *carol*", StringComparison.Ordinal));
        Assert.Contains("not during the freeze", SlackWorkerHost.Text(updated), StringComparison.Ordinal);
        await host.WaitForCallAsync("chat.postEphemeral", m => To(m, SlackWorkerHost.Carol) && SlackWorkerHost.Text(m).Contains("You rejected", StringComparison.Ordinal));
    }

    internal static bool IsReply(JsonObject message, string ts, string text) =>
        message["thread_ts"]?.GetValue<string>() == ts && SlackWorkerHost.Text(message).Contains(text, StringComparison.Ordinal);

    internal static bool To(JsonObject message, string user) => message["user"]?.GetValue<string>() == user;
}
