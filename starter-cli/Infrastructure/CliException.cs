namespace Karma.Cli.Infrastructure;

/// <summary>
/// A user-facing failure: one clear sentence for stderr and the exit code it maps to. Commands throw
/// these; <see cref="KarmaApp"/> prints the message (no stack trace unless --verbose) and exits.
/// </summary>
public class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    public static CliException Usage(string message, Exception? inner = null) => new(ExitCodes.Usage, message, inner);

    public static CliException Backend(string message, Exception? inner = null) => new(ExitCodes.Backend, message, inner);

    public static CliException Failed(string message, Exception? inner = null) => new(ExitCodes.Failed, message, inner);
}
