namespace Karma.Activities.Terraform;

/// <summary>
/// A terraform run that must outlive the worker that started it (apply). Its stdout and stderr go to files in the
/// workspace, not to pipes: when the worker process dies (SIGKILL, OOM, node loss) the pipes' read ends close and
/// terraform is killed by SIGPIPE at its next output line — typically right after a resource was created and
/// before the state recording it is written, so the retry would create it a second time. Writing to files lets
/// the orphaned terraform finish, save state and release its lock; the pid file lets a retry wait for it.
/// </summary>
internal sealed record DetachedRun(string PidFile, string StdoutFile, string StderrFile)
{
    // sh records its pid, then execs terraform in place (same pid, so interrupting and killing it reach terraform).
    // Positional parameters keep the paths out of the script text: nothing needs quoting.
    private const string Script = "p=$1; o=$2; e=$3; shift 3; echo $$ > \"$p\"; exec \"$@\" >>\"$o\" 2>>\"$e\" </dev/null";

    /// <summary>Only where a process can exec with redirected descriptors and /proc shows command lines.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists("/bin/sh");

    public static DetachedRun For(TerraformWorkspace workspace, string command)
    {
        var prefix = Path.Combine(workspace.Directory, $"terraform-{command}");
        return new DetachedRun(prefix + ".pid", prefix + ".stdout.log", prefix + ".stderr.log");
    }

    /// <summary>The command that runs <paramref name="binary"/> detached from the caller's pipes.</summary>
    public IReadOnlyList<string> ShellArguments(string binary, TerraformInvocation invocation) =>
        ["-c", Script, "karma-terraform", PidFile, StdoutFile, StderrFile, binary, invocation.Command, .. invocation.Arguments];

    /// <summary>Empties the output files (owner-only: apply output may name resources an operator would not publish).</summary>
    public void Reset()
    {
        foreach (var file in new[] { StdoutFile, StderrFile })
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var created = new FileStream(file, options);
        }

        File.Delete(PidFile);
    }

    public void Delete()
    {
        File.Delete(PidFile);
        File.Delete(StdoutFile);
        File.Delete(StderrFile);
    }

    /// <summary>
    /// The pid of a run of this workspace that is still going, or null. A recycled pid is not mistaken for it:
    /// the live process must still be a command on this workspace's plans (zombies have no command line).
    /// </summary>
    public int? RunningProcess(TerraformWorkspace workspace)
    {
        if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid))
        {
            return null;
        }

        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains(workspace.PlansDirectory, StringComparison.Ordinal) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
