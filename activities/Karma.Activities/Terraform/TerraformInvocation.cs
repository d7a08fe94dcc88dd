namespace Karma.Activities.Terraform;

/// <summary>One terraform command to run in a workspace.</summary>
/// <param name="Command">The subcommand ("init", "plan", …), used in messages and line callbacks.</param>
/// <param name="Arguments">Everything after the subcommand.</param>
/// <param name="CaptureStdout">
/// True for commands whose stdout is machine-readable data that may hold sensitive values in clear text
/// (show -json, output -json): it is captured, never streamed to the line callback.
/// </param>
internal sealed record TerraformInvocation(
    string Command,
    IReadOnlyList<string> Arguments,
    bool CaptureStdout,
    Action<TerraformOutputLine>? OnLine,
    OutputSanitizer Sanitizer)
{
    /// <summary>Per-command environment (e.g. TF_VAR_ values of sensitive variables, which must not touch disk).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Run so that terraform outlives a worker that dies meanwhile (see <see cref="DetachedRun"/>); for apply.</summary>
    public bool OutlivesWorker { get; init; }
}
