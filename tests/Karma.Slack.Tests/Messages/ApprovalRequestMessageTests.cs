using Karma.Core.Secrets;
using Karma.Slack.Messages;
using Karma.Slack.Tests.Support;

namespace Karma.Slack.Tests.Messages;

public sealed class ApprovalRequestMessageTests
{
    private readonly ApprovalMessageBuilder builder = new();

    [Fact]
    public void The_request_shows_what_who_why_diff_impact_plan_approvals_expiry_and_links()
    {
        var message = builder.BuildRequest(SampleViews.Payments(approvalsRequired: 2)).Main;
        var text = BlockText.All(message);

        Assert.Contains("Approval needed: payments-api → prod", text, StringComparison.Ordinal);
        Assert.Contains("`chg-42`", text, StringComparison.Ordinal);
        Assert.Contains("alice@example.com", text, StringComparison.Ordinal);
        Assert.Contains("Raise the connection pool for Black Friday", text, StringComparison.Ordinal);
        Assert.Contains("~ pool.max: 20 → 50", text, StringComparison.Ordinal);
        Assert.Contains("+ feature.retries = true", text, StringComparison.Ordinal);
        Assert.Contains("Downstream: `checkout`, `invoices`", text, StringComparison.Ordinal);
        Assert.Contains("wave 1: `payments-api`  →  wave 2: `checkout`, `invoices`", text, StringComparison.Ordinal);
        Assert.Contains("2 to create · 1 to update · 0 to replace · 1 to delete", text, StringComparison.Ordinal);
        Assert.Contains("0 of 2 — *2 more needed*", text, StringComparison.Ordinal);
        Assert.Contains("2026-12-01 15:00 UTC", text, StringComparison.Ordinal);
        Assert.Contains("<http://localhost:8233/namespaces/default/workflows/change-chg-42|Run in Temporal UI>", text, StringComparison.Ordinal);
        Assert.Contains("`karma status chg-42`", text, StringComparison.Ordinal);
        Assert.Contains("2 approvals still needed", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Destroys_are_called_out_by_address()
    {
        var text = BlockText.All(builder.BuildRequest(SampleViews.Payments()).Main);

        Assert.Contains(":warning: *Destroys 1 resource:*", text, StringComparison.Ordinal);
        Assert.Contains("• `aws_ssm_parameter.legacy_flag`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_and_reject_buttons_carry_the_change_id()
    {
        var buttons = BlockText.Buttons(builder.BuildRequest(SampleViews.Payments()).Main);

        Assert.Equal(2, buttons.Count);
        Assert.Equal((ApprovalActionIds.Approve, "chg-42", "primary"), (buttons[0]["action_id"]!.GetValue<string>(), buttons[0]["value"]!.GetValue<string>(), buttons[0]["style"]!.GetValue<string>()));
        Assert.Equal((ApprovalActionIds.Reject, "chg-42", "danger"), (buttons[1]["action_id"]!.GetValue<string>(), buttons[1]["value"]!.GetValue<string>(), buttons[1]["style"]!.GetValue<string>()));
        Assert.Contains("destroys 1 resource", BlockText.All(buttons[0]["confirm"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Buttons_carry_the_action_value_when_the_lifecycle_needs_more_than_the_change_id()
    {
        var view = SampleViews.Payments() with { ActionValue = "karma/prod/svc/payments-api/chg-42" };

        var buttons = BlockText.Buttons(builder.BuildRequest(view).Main);

        Assert.All(buttons, b => Assert.Equal("karma/prod/svc/payments-api/chg-42", b["value"]!.GetValue<string>()));
        Assert.Contains("`chg-42`", BlockText.All(builder.BuildRequest(view).Main), StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitive_values_never_appear_anywhere_even_when_they_leak_into_free_text()
    {
        var view = SampleViews.Payments() with
        {
            Reason = $"rotate the password to {SampleViews.DbPassword}",
            Plan = SampleViews.Payments().Plan with { FullPlanText = $"~ value = (sensitive)\n~ old = \"{SampleViews.DbPassword}\"\n token xoxb-1234567890-abcdefghij" },
        };

        var messages = builder.BuildRequest(view);
        var everything = string.Join("\n", new[] { messages.Main }.Concat(messages.ThreadReplies).Select(BlockText.All));

        Assert.DoesNotContain(SampleViews.DbPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("old-Secret-1", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-1234567890", everything, StringComparison.Ordinal);
        Assert.Contains("~ db.password: (sensitive value changed)", everything, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, everything, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_plan_goes_to_thread_replies_not_the_main_message()
    {
        var planText = string.Join("\n", Enumerable.Range(1, 400).Select(i => $"  # aws_ssm_parameter.p{i} will be updated in-place"));
        var destroyed = Enumerable.Range(1, 25).Select(i => $"aws_instance.old{i}").ToList();
        var view = SampleViews.Payments() with
        {
            Plan = new PlanSummaryView(0, 400, 0, 25, destroyed, planText),
            ConfigDiff = Enumerable.Range(1, 30).Select(i => new ConfigDiffLine($"key{i}", ConfigChangeKind.Added, null, $"v{i}")).ToList(),
        };

        var messages = builder.BuildRequest(view);
        var main = BlockText.All(messages.Main);
        var thread = string.Join("\n", messages.ThreadReplies.Select(BlockText.All));

        Assert.DoesNotContain("aws_ssm_parameter.p1 will be updated", main, StringComparison.Ordinal);
        Assert.Contains("full plan and details are in the thread", main, StringComparison.Ordinal);
        Assert.Contains("…and 15 more in the thread", main, StringComparison.Ordinal);
        Assert.Contains("…and 15 more line(s) in the thread", main, StringComparison.Ordinal);
        Assert.DoesNotContain("key16", main, StringComparison.Ordinal);
        Assert.Contains("key30", thread, StringComparison.Ordinal);
        Assert.Contains("aws_instance.old25", thread, StringComparison.Ordinal);
        Assert.Contains("aws_ssm_parameter.p400 will be updated", thread, StringComparison.Ordinal);
        Assert.True(messages.ThreadReplies.Count > 3);
        Assert.All(messages.ThreadReplies, r => Assert.All(r.Blocks!, b => Assert.True((b!["text"]?["text"]?.GetValue<string>().Length ?? 0) <= 3000)));
    }

    [Fact]
    public void A_short_request_needs_no_thread()
    {
        var messages = builder.BuildRequest(SampleViews.Payments());

        Assert.Empty(messages.ThreadReplies);
        Assert.DoesNotContain("in the thread", BlockText.All(messages.Main), StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_control_characters_in_user_text_are_escaped()
    {
        var view = SampleViews.Payments() with { Reason = "<!channel> ping & <https://evil.example|click>" };

        var text = BlockText.All(builder.BuildRequest(view).Main);

        Assert.Contains("&lt;!channel&gt; ping &amp; &lt;https://evil.example|click&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Slacks_block_limits_hold_for_huge_inputs()
    {
        var many = Enumerable.Range(1, 300).Select(i => $"component-with-a-long-name-{i}").ToList();
        var view = SampleViews.Payments() with
        {
            Component = new string('c', 200),
            Reason = new string('r', 10_000),
            DownstreamComponents = many,
            RolloutWaves = [new RolloutWave(1, many)],
            ApprovalsRequired = 40,
            Approvals = Enumerable.Range(1, 30).Select(i => new ApprovalVote($"approver{i}@example.com", SampleViews.Now)).ToList(),
        };

        var message = builder.BuildRequest(view).Main;

        Assert.True(message.Blocks!.Count <= 50);
        Assert.True(message.Text.Length <= 3000);
        foreach (var block in message.Blocks.OfType<System.Text.Json.Nodes.JsonObject>())
        {
            var type = block["type"]!.GetValue<string>();
            var limit = type == "header" ? 150 : 3000;
            if (block["text"]?["text"] is { } text)
            {
                Assert.True(text.GetValue<string>().Length <= limit, $"{type} text is {text.GetValue<string>().Length} characters");
            }

            foreach (var element in (block["elements"] as System.Text.Json.Nodes.JsonArray ?? []).Concat(block["fields"] as System.Text.Json.Nodes.JsonArray ?? []))
            {
                Assert.True(((element!["text"] as System.Text.Json.Nodes.JsonValue)?.GetValue<string>().Length ?? 0) <= 3000);
            }

            Assert.True((block["elements"] as System.Text.Json.Nodes.JsonArray)?.Count is null or <= 10);
        }

        Assert.Contains("(+280 more)", BlockText.All(message), StringComparison.Ordinal);
    }
}
