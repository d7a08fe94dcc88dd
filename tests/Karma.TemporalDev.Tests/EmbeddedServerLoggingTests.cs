using Karma.TemporalDev.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Karma.TemporalDev.Tests;

/// <summary>Runs alone: the test sets ASPNETCORE_URLS in this process's environment, as a service host's operator does.</summary>
[CollectionDefinition(nameof(AmbientAspNetSettingsGroup), DisableParallelization = true)]
public sealed class AmbientAspNetSettingsGroup;

/// <summary>
/// The server embedded in a host (the worker's service mode, a CLI) adds nothing to the host's log but its own
/// warnings: no second "Now listening / Application started" block, no Kestrel warning about the host's
/// ASPNETCORE_URLS, no line per NotFound answer.
/// </summary>
[Collection(nameof(AmbientAspNetSettingsGroup))]
public sealed class EmbeddedServerLoggingTests
{
    [Fact]
    public async Task The_embedded_server_ignores_the_hosts_urls_and_logs_no_framework_information()
    {
        var records = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(records));
        var previous = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        Environment.SetEnvironmentVariable("ASPNETCORE_URLS", "http://127.0.0.1:1");
        try
        {
            await using var server = await TemporalDevServer.StartAsync(new TemporalDevServerOptions { Port = 0, Ephemeral = true }, loggers, TestContext.Current.CancellationToken);
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address) { Namespace = "default" });

            var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetWorkflowHandle("no-such-workflow").DescribeAsync());
            Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
            Assert.NotEqual("127.0.0.1:1", server.Address);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", previous);
        }

        var framework = records.Lines.Where(r => !r.Category.StartsWith("Karma.", StringComparison.Ordinal)).ToList();
        Assert.All(framework, r => Assert.True(r.Level >= LogLevel.Warning, $"{r.Level} {r.Category}: {r.Message}"));
        Assert.DoesNotContain(records.Lines, r => r.Message.Contains("Overriding address", StringComparison.Ordinal));
    }

    private sealed record LogRecord(string Category, LogLevel Level, string Message);

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly List<LogRecord> _lines = [];

        public IReadOnlyList<LogRecord> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._lines)
                {
                    owner._lines.Add(new LogRecord(category, logLevel, formatter(state, exception)));
                }
            }
        }
    }
}
