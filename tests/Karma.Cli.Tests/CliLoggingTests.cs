using Karma.Cli.Infrastructure;
using Karma.Cli.Local;
using Karma.Workflows.Hosting;
using Microsoft.Extensions.Logging;

namespace Karma.Cli.Tests;

/// <summary>The Temporal SDK core's lines reach a CLI user only with --verbose, and then as plain Karma log lines.</summary>
public sealed class CliLoggingTests
{
    [Fact]
    public void Sdk_core_lines_are_hidden_by_default_and_plain_lines_with_verbose()
    {
        using var quietErr = new StringWriter();
        using var verboseErr = new StringWriter();
        using var quiet = CliLogging.Loggers(new CliConsole(TextWriter.Null, quietErr));
        using var verbose = CliLogging.Loggers(new CliConsole(TextWriter.Null, verboseErr) { Verbose = true });

        Core(quiet, LogLevel.Error, "Error polling for tasks");
        Core(verbose, LogLevel.Warning, "Activity not found on completion");
        Core(verbose, LogLevel.Information, "informational core line");

        Assert.Equal(string.Empty, quietErr.ToString());
        Assert.Equal("warning: Temporalio.Core: Activity not found on completion" + Environment.NewLine, verboseErr.ToString());
    }

    // As the SDK forwards a core record: a plain message on the core category.
    private static void Core(ILoggerFactory loggers, LogLevel level, string message) =>
        loggers.CreateLogger(TemporalSdkLogging.CoreCategory).Log(level, default, message, null, (text, _) => text);
}
