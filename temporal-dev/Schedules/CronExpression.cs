using System.Globalization;

namespace Karma.TemporalDev.Schedules;

/// <summary>Standard 5-field cron (minute hour day-of-month month day-of-week) in UTC: *, lists, ranges, steps.</summary>
internal sealed class CronExpression
{
    private readonly bool[] minutes = new bool[60];
    private readonly bool[] hours = new bool[24];
    private readonly bool[] days = new bool[32];
    private readonly bool[] months = new bool[13];
    private readonly bool[] weekdays = new bool[7];

    private CronExpression()
    {
    }

    public static CronExpression Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new ArgumentException($"Cron expression '{text}' must have 5 fields (minute hour day-of-month month day-of-week).");
        }

        var cron = new CronExpression();
        Fill(cron.minutes, fields[0], 0, 59, text);
        Fill(cron.hours, fields[1], 0, 23, text);
        Fill(cron.days, fields[2], 1, 31, text);
        Fill(cron.months, fields[3], 1, 12, text);
        Fill(cron.weekdays, fields[4].Replace("7", "0", StringComparison.Ordinal), 0, 6, text);
        return cron;
    }

    /// <summary>The first matching minute strictly after <paramref name="after"/>; null if none within 5 years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var limit = after.AddYears(5);
        while (t < limit)
        {
            if (!months[t.Month] || !days[t.Day] || !weekdays[(int)t.DayOfWeek])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
                continue;
            }

            if (!hours[t.Hour])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
                continue;
            }

            if (minutes[t.Minute])
            {
                return t;
            }

            t = t.AddMinutes(1);
        }

        return null;
    }

    private static void Fill(bool[] target, string field, int min, int max, string whole)
    {
        foreach (var part in field.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                step = Number(part[(slash + 1)..], whole);
                range = part[..slash];
            }

            int from = min, to = max;
            if (range != "*")
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                from = Number(dash >= 0 ? range[..dash] : range, whole);
                to = dash >= 0 ? Number(range[(dash + 1)..], whole) : (slash >= 0 ? max : from);
            }

            if (from < min || to > max || from > to || step < 1)
            {
                throw new ArgumentException($"Cron field '{part}' in '{whole}' is out of range {min}-{max}.");
            }

            for (var v = from; v <= to; v += step)
            {
                target[v] = true;
            }
        }
    }

    private static int Number(string text, string whole) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"'{text}' in cron expression '{whole}' is not a number.");
}
