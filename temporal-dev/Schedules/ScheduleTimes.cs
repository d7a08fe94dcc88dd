using Karma.TemporalDev.Engine;
using Temporalio.Api.Schedule.V1;

namespace Karma.TemporalDev.Schedules;

/// <summary>When a schedule's spec fires next: the earliest of its intervals (epoch-aligned plus phase) and cron strings.</summary>
internal static class ScheduleTimes
{
    public static void Validate(ScheduleSpec spec)
    {
        if (spec.StructuredCalendar.Count > 0 || spec.ExcludeStructuredCalendar.Count > 0)
        {
            throw new ArgumentException("Calendar schedule specs are not supported by karma-temporal-dev; use intervals or cron strings.");
        }

        if (spec.Interval.Count == 0 && spec.CronString.Count == 0)
        {
            throw new ArgumentException("A schedule spec needs at least one interval or cron string.");
        }

        foreach (var interval in spec.Interval)
        {
            if (Clock.ToMs(interval.Interval) < 1000)
            {
                throw new ArgumentException("Schedule intervals must be at least 1 second.");
            }
        }

        foreach (var cron in spec.CronString)
        {
            CronExpression.Parse(cron);
        }
    }

    public static DateTimeOffset? Next(ScheduleSpec spec, DateTimeOffset after)
    {
        DateTimeOffset? best = null;
        foreach (var interval in spec.Interval)
        {
            var every = Clock.ToMs(interval.Interval);
            var phase = Clock.ToMs(interval.Phase);
            var now = after.ToUnixTimeMilliseconds();
            var next = (((now - phase) / every) + 1) * every + phase;
            best = Min(best, DateTimeOffset.FromUnixTimeMilliseconds(next));
        }

        foreach (var cron in spec.CronString)
        {
            best = Min(best, CronExpression.Parse(cron).Next(after));
        }

        if (spec.StartTime is { } start && best < start.ToDateTimeOffset())
        {
            return Next(spec, start.ToDateTimeOffset().AddMilliseconds(-1));
        }

        return spec.EndTime is { } end && best > end.ToDateTimeOffset() ? null : best;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
