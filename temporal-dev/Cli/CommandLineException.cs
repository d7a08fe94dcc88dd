namespace Karma.TemporalDev.Cli;

/// <summary>A user error on the command line: printed to stderr with usage, exit code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
