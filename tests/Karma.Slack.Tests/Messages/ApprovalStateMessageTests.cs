using Karma.Core.Secrets;
using Karma.Slack.Api;
using Karma.Slack.Messages;
using Karma.Slack.Tests.Support;

namespace Karma.Slack.Tests.Messages;

public sealed class ApprovalStateMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 15, 4, 0, TimeSpan.Zero);
    private readonly ApprovalMessageBuilder builder = new();

    [Fact]
    public void A_decision_replaces_the_buttons_with_who_and_when()
    {
        var view = SampleViews.Payments() with { Approvals = [new ApprovalVote("bob@example.com", At)] };
        var message = builder.BuildState(new ApprovalState(view, new ApprovalOutcome(ApprovalOutcomeKind.Approved, "bob@example.com", At), 2));

        Assert.Empty(BlockText.Buttons(message));
        Assert.Contains("Approved by *bob@example.com* at <!date^1795964640^{date_short_pretty} {time}|2026-11-29 15:04 UTC>", BlockText.All(message), StringComparison.Ordinal);
        Assert.StartsWith("Approved by bob@example.com at 2026-11-29 15:04 UTC", message.Text, StringComparison.Ordinal);
        Assert.Contains("Approved: payments-api → prod", BlockText.All(message), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApprovalOutcomeKind.Rejected, "carol", "not during the freeze", "Rejected by *carol* at", "not during the freeze")]
    [InlineData(ApprovalOutcomeKind.Expired, null, null, "Expired at", "without enough approvals")]
    [InlineData(ApprovalOutcomeKind.Superseded, null, "chg-43", "Superseded by `chg-43`", "2026-11-29 15:04 UTC")]
    [InlineData(ApprovalOutcomeKind.Cancelled, null, "the change was cancelled", "Cancelled at", "the change was cancelled")]
    public void Every_end_state_is_shown_without_buttons(ApprovalOutcomeKind kind, string? by, string? detail, string expected, string alsoExpected)
    {
        var message = builder.BuildState(new ApprovalState(SampleViews.Payments(), new ApprovalOutcome(kind, by, At, detail), 2));
        var text = BlockText.All(message);

        Assert.Empty(BlockText.Buttons(message));
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pending_state_keeps_the_buttons_and_lists_approvals_so_far()
    {
        var view = SampleViews.Payments(approvalsRequired: 2) with { Approvals = [new ApprovalVote("bob@example.com", At)] };

        var message = builder.BuildState(new ApprovalState(view, null, 2));
        var text = BlockText.All(message);

        Assert.Equal(2, BlockText.Buttons(message).Count);
        Assert.Contains("Approved by *bob@example.com*", text, StringComparison.Ordinal);
        Assert.Contains("1 of 2 — *1 more needed*", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejection_reason_is_scrubbed_of_secrets()
    {
        var outcome = new ApprovalOutcome(ApprovalOutcomeKind.Rejected, "carol", At, $"you pasted {SampleViews.DbPassword} in the ticket");

        var message = builder.BuildState(new ApprovalState(SampleViews.Payments(), outcome, 2));

        Assert.DoesNotContain(SampleViews.DbPassword, BlockText.All(message), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProgressKind.Applying, null, "Applying `chg-42`")]
    [InlineData(ProgressKind.Verified, "outputs match", "Verified `chg-42`: outputs match")]
    [InlineData(ProgressKind.Failed, "terraform apply exited 1: AccessDenied", "Failed `chg-42`: terraform apply exited 1: AccessDenied")]
    [InlineData(ProgressKind.Failed, null, "Failed `chg-42`: no reason given")]
    public void Progress_lines_say_what_happened(ProgressKind kind, string? detail, string expected)
    {
        var message = ApprovalMessageBuilder.BuildProgress(SampleViews.Payments(), new ProgressUpdate(kind, At, detail));

        Assert.Contains(expected, BlockText.All(message), StringComparison.Ordinal);
    }

    [Fact]
    public void Wave_progress_names_the_wave_and_its_components()
    {
        var wave = new RolloutWave(2, ["checkout", "invoices"]);

        var message = ApprovalMessageBuilder.BuildProgress(SampleViews.Payments(), new ProgressUpdate(ProgressKind.WaveCompleted, At, null, wave));

        Assert.Contains("Wave 2 (`checkout`, `invoices`) completed", BlockText.All(message), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reminder_says_when_it_expires_and_how_many_approvals_are_missing()
    {
        var message = ApprovalMessageBuilder.BuildReminder(SampleViews.Payments(approvalsRequired: 2));

        Assert.Equal("Reminder: chg-42 expires 2026-12-01 15:00 UTC and still needs 2 approvals.", message.Text);
    }

    [Fact]
    public void The_reject_modal_asks_for_a_reason_and_remembers_change_and_message()
    {
        var modal = ApprovalMessageBuilder.BuildRejectModal("chg-42", new SlackMessageRef("C1", "1700000000.000001"));

        Assert.Equal(ApprovalActionIds.RejectModalCallback, modal["callback_id"]!.GetValue<string>());
        Assert.Equal(new RejectModalMetadata("chg-42", "C1", "1700000000.000001"), RejectModalMetadata.TryParse(modal["private_metadata"]!.GetValue<string>()));
        var input = modal["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "input")!;
        Assert.Equal(ApprovalActionIds.RejectReasonBlock, input["block_id"]!.GetValue<string>());
        Assert.Equal(ApprovalActionIds.RejectReasonInput, input["element"]!["action_id"]!.GetValue<string>());
    }

    [Fact]
    public void The_redactor_refuses_a_finished_message_that_still_holds_a_secret()
    {
        var redactor = new SecretRedactor(["hunter2-secret"]);

        Assert.Throws<SecretLeakException>(() => redactor.EnsureClean(BlockText.All(SampleViews.Payments().Reason + " hunter2-secret"), "chg-1"));
        Assert.Throws<SecretLeakException>(() => redactor.EnsureClean("key AKIAABCDEFGHIJKLMNOP", "chg-1"));
        var error = Assert.Throws<SecretLeakException>(() => redactor.EnsureClean("-----BEGIN RSA PRIVATE KEY-----\nMIIE", "chg-1"));
        Assert.DoesNotContain("MIIE", error.Message, StringComparison.Ordinal);
        redactor.EnsureClean("nothing to see", "chg-1");
    }
}
