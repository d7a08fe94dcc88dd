namespace Karma.Cli.Infrastructure;

/// <summary>The documented exit codes of every <c>karma</c> command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The graph has errors, or a change failed, was rejected or expired.</summary>
    public const int Failed = 1;

    /// <summary>Usage or input error: bad arguments, missing repo, unknown ref, malformed file.</summary>
    public const int Usage = 2;

    /// <summary>A backend cannot be reached (Parameter Store, graph store, Temporal).</summary>
    public const int Backend = 3;
}
