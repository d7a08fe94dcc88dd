using Google.Protobuf.WellKnownTypes;

namespace Karma.TemporalDev.Engine;

/// <summary>Wall-clock helpers; every persisted instant is Unix milliseconds.</summary>
internal static class Clock
{
    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static Timestamp ToTimestamp(long ms) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    public static long ToMs(Timestamp t) => t.ToDateTimeOffset().ToUnixTimeMilliseconds();

    public static long ToMs(Duration? d) => d is null ? 0 : (long)d.ToTimeSpan().TotalMilliseconds;

    public static Duration Seconds(double seconds) => Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));

    public static bool IsSet(Duration? d) => d is not null && (d.Seconds > 0 || d.Nanos > 0);
}
