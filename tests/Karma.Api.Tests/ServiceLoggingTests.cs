using Karma.Worker;
using Microsoft.Extensions.Logging;

namespace Karma.Api.Tests;

/// <summary>Service mode logs what the service did, not a line per HTTP request or gRPC status.</summary>
public sealed class ServiceLoggingTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information, false)]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Information, false)]
    [InlineData("Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult", LogLevel.Information, false)]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning, true)]
    [InlineData("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Information, false)]
    [InlineData("Grpc.Net.Client.Internal.GrpcCall", LogLevel.Information, false)]
    [InlineData("Karma.TemporalDev.Engine.EngineCore", LogLevel.Information, false)]
    [InlineData("Karma.TemporalDev.Engine.EngineCore", LogLevel.Warning, true)]
    [InlineData("Microsoft.Hosting.Lifetime", LogLevel.Information, true)]
    [InlineData("Karma.Worker", LogLevel.Information, true)]
    public void Framework_request_lines_are_filtered_and_the_services_own_lines_kept(string category, LogLevel level, bool shown)
    {
        using var loggers = LoggerFactory.Create(b => ServiceLogging.Filter(b.SetMinimumLevel(LogLevel.Information)).AddProvider(new EverythingProvider()));

        Assert.Equal(shown, loggers.CreateLogger(category).IsEnabled(level));
    }

    /// <summary>A provider that would write every record: what is enabled is then the filters' decision alone.</summary>
    private sealed class EverythingProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
