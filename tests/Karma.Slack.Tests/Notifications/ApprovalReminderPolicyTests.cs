using Karma.Slack.Notifications;

namespace Karma.Slack.Tests.Notifications;

public sealed class ApprovalReminderPolicyTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reminders_come_a_day_and_an_hour_before_expiry_then_stop()
    {
        var policy = ApprovalReminderPolicy.Default;

        var first = policy.NextReminderAt(Expiry.AddDays(-3), Expiry);
        var second = policy.NextReminderAt(first!.Value, Expiry);
        var none = policy.NextReminderAt(second!.Value, Expiry);

        Assert.Equal(Expiry.AddHours(-24), first);
        Assert.Equal(Expiry.AddHours(-1), second);
        Assert.Null(none);
    }

    [Fact]
    public void A_short_request_skips_reminders_whose_time_has_passed()
    {
        Assert.Equal(Expiry.AddHours(-1), ApprovalReminderPolicy.Default.NextReminderAt(Expiry.AddHours(-3), Expiry));
        Assert.Null(ApprovalReminderPolicy.Default.NextReminderAt(Expiry.AddMinutes(-10), Expiry));
    }

    [Fact]
    public void Custom_offsets_are_honoured_in_time_order()
    {
        var policy = new ApprovalReminderPolicy { Before = [TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)] };

        Assert.Equal(Expiry.AddHours(-2), policy.NextReminderAt(Expiry.AddDays(-1), Expiry));
    }
}
