namespace Karma.Worker;

/// <summary>
/// Service mode's one logging setup, for the web host and for what starts before it (the Temporal connection, an
/// embedded dev server): single-line console records, and ASP.NET Core's and gRPC's per-request Information lines
/// ("Request starting…", "Executing endpoint…", a line per NotFound) kept out — a service's log says what it did.
/// </summary>
public static class ServiceLogging
{
    public static ILoggingBuilder Configure(ILoggingBuilder logging) =>
        Filter(logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true));

    /// <summary>The category filters alone (tests add their own provider).</summary>
    public static ILoggingBuilder Filter(ILoggingBuilder logging) => logging
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
        .AddFilter("Grpc", LogLevel.Warning)
        .AddFilter("Karma.TemporalDev", LogLevel.Warning);
}
