namespace Karma.Slack.Notifications;

/// <summary>
/// When to remind approvers: at each of <see cref="Before"/> ahead of expiry (default 24 h and 1 h).
/// Pure, so the lifecycle workflow can compute its next timer from <c>Workflow.UtcNow</c>.
/// </summary>
public sealed record ApprovalReminderPolicy
{
    public static ApprovalReminderPolicy Default { get; } = new();

    public IReadOnlyList<TimeSpan> Before { get; init; } = [TimeSpan.FromHours(24), TimeSpan.FromHours(1)];

    /// <summary>
    /// The first reminder time after <paramref name="now"/>, or null when none is left. Loop "wait until it,
    /// remind, ask again": a reminder whose time had already passed (a short-lived request) is skipped.
    /// </summary>
    public DateTimeOffset? NextReminderAt(DateTimeOffset now, DateTimeOffset expiresAt)
    {
        return Before
            .Select(b => expiresAt - b)
            .Where(at => at > now && at < expiresAt)
            .Order()
            .Select(at => (DateTimeOffset?)at)
            .FirstOrDefault();
    }
}
