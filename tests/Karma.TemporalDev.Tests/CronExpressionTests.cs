using Karma.TemporalDev.Schedules;

namespace Karma.TemporalDev.Tests;

public sealed class CronExpressionTests
{
    [Theory]
    [InlineData("*/15 * * * *", "2024-03-01T10:07:00Z", "2024-03-01T10:15:00Z")]
    [InlineData("0 3 * * 1-5", "2024-03-01T10:00:00Z", "2024-03-04T03:00:00Z")] // Friday → next Monday
    [InlineData("30 12 1 * *", "2024-01-31T13:00:00Z", "2024-02-01T12:30:00Z")]
    [InlineData("0 0 29 2 *", "2024-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("5,10 8 * * 0", "2024-03-03T08:05:00Z", "2024-03-03T08:10:00Z")] // Sunday, strictly after
    public void Next_finds_the_first_matching_minute_after(string cron, string after, string expected)
    {
        var next = CronExpression.Parse(cron).Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("* * * *", "must have 5 fields")]
    [InlineData("61 * * * *", "out of range 0-59")]
    [InlineData("a * * * *", "'a' in cron expression")]
    public void Bad_expressions_are_rejected(string cron, string expected) =>
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => CronExpression.Parse(cron)).Message, StringComparison.Ordinal);
}
