using Microsoft.Extensions.Logging;

namespace Karma.TemporalDev.Hosting;

/// <summary>
/// Where the server's ASP.NET host logs. Its own <c>Karma.TemporalDev</c> categories reach the caller's logger factory
/// at the caller's levels; the framework's (Kestrel, the hosting lifetime, gRPC) only from Warning up. Their
/// Information lines — "Now listening on", "Application started", one line per NotFound status answered — describe
/// the insides of whatever process embeds the server, and would be printed beside that process's own.
/// </summary>
internal static class EmbeddedHostLogging
{
    public static void Configure(ILoggingBuilder logging, ILoggerFactory? callers)
    {
        logging.ClearProviders();
        if (callers is null)
        {
            return;
        }

        logging.AddProvider(new ForwardingProvider(callers));
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Karma.TemporalDev", LogLevel.Trace);
    }

    /// <summary>Hands each category to the caller's factory, which applies its own filters and providers too.</summary>
    private sealed class ForwardingProvider(ILoggerFactory callers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => callers.CreateLogger(categoryName);

        // The caller owns its factory: the host disposing its providers must not dispose it.
        public void Dispose()
        {
        }
    }
}
