using System.ComponentModel;
using System.Text;
using CliWrap;

namespace Karma.Activities.Terraform;

/// <summary>
/// Starts terraform processes: automation-friendly environment, streamed and sanitized output lines,
/// and cancellation that interrupts first (so terraform can release its lock and write state) and
/// kills only after the grace period.
/// </summary>
internal sealed class TerraformCli(TerraformOptions options)
{
    private const int KeptErrorLines = 200;

    // How often the output files of a detached run are read: lines reach heartbeats and cancellation triggers promptly.
    private static readonly TimeSpan DetachedPollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<TerraformCommandResult> RunAsync(
        TerraformWorkspace workspace,
        TerraformInvocation invocation,
        CancellationToken cancellationToken)
    {
        var binary = ResolveBinary();
        var stdout = new StringBuilder();
        var errorLines = new Queue<string>();
        var gate = new Lock();

        void Emit(TerraformOutputSource stream, string line)
        {
            var clean = invocation.Sanitizer.Sanitize(line);
            lock (gate)
            {
                if (stream == TerraformOutputSource.Stderr && !string.IsNullOrWhiteSpace(clean))
                {
                    errorLines.Enqueue(clean);
                    if (errorLines.Count > KeptErrorLines)
                    {
                        errorLines.Dequeue();
                    }
                }

                // Serialized so callers see lines in arrival order and need no locking of their own.
                invocation.OnLine?.Invoke(new TerraformOutputLine(invocation.Command, stream, clean));
            }
        }

        var detached = invocation.OutlivesWorker && DetachedRun.IsSupported ? DetachedRun.For(workspace, invocation.Command) : null;
        var command = detached is null
            ? Cli.Wrap(binary)
                .WithArguments([invocation.Command, .. invocation.Arguments])
                .WithStandardOutputPipe(invocation.CaptureStdout
                    ? PipeTarget.ToStringBuilder(stdout)
                    : PipeTarget.ToDelegate(line => Emit(TerraformOutputSource.Stdout, line)))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Emit(TerraformOutputSource.Stderr, line)))
            : Cli.Wrap("/bin/sh").WithArguments(detached.ShellArguments(binary, invocation));
        command = command
            .WithWorkingDirectory(workspace.SourceDirectory)
            .WithEnvironmentVariables(BuildEnvironment(workspace, invocation))
            .WithValidation(CommandResultValidation.None);

        using var forceful = new CancellationTokenSource();
        await using var escalate = cancellationToken.Register(() => forceful.CancelAfter(options.InterruptGracePeriod));
        try
        {
            var result = detached is null
                ? await command.ExecuteAsync(forceful.Token, cancellationToken)
                : await ExecuteDetachedAsync(command, detached, Emit, forceful.Token, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new TerraformInterruptedException(invocation.Command, killed: false, cancellationToken);
            }

            lock (gate)
            {
                return new TerraformCommandResult(result.ExitCode, stdout.ToString(), errorLines.ToArray());
            }
        }
        catch (OperationCanceledException ex) when (ex is not TerraformInterruptedException && cancellationToken.IsCancellationRequested)
        {
            throw new TerraformInterruptedException(invocation.Command, forceful.IsCancellationRequested, cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new TerraformNotFoundException($"The terraform executable '{binary}' could not be started: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Runs a <see cref="DetachedRun"/> and follows its output files while it runs. The files are removed once it
    /// ended here; a worker that dies leaves them (and the pid file) to the orphaned terraform and the next attempt.
    /// </summary>
    private static async Task<CommandResult> ExecuteDetachedAsync(
        Command command,
        DetachedRun detached,
        Action<TerraformOutputSource, string> emit,
        CancellationToken forceful,
        CancellationToken graceful)
    {
        detached.Reset();
        using var stdout = new OutputFileTail(detached.StdoutFile, line => emit(TerraformOutputSource.Stdout, line));
        using var stderr = new OutputFileTail(detached.StderrFile, line => emit(TerraformOutputSource.Stderr, line));
        var running = command.ExecuteAsync(forceful, graceful).Task;
        try
        {
            while (!running.IsCompleted)
            {
                stdout.Read(final: false);
                stderr.Read(final: false);
                await Task.WhenAny(running, Task.Delay(DetachedPollInterval, CancellationToken.None));
            }

            return await running;
        }
        finally
        {
            stdout.Read(final: true);
            stderr.Read(final: true);
            detached.Delete();
        }
    }

    private string ResolveBinary()
    {
        var configured = options.BinaryPath;
        if (configured.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(configured))
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new TerraformNotFoundException($"The terraform executable '{configured}' does not exist. Set the terraform binary path to an installed terraform.");
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, configured))
            .FirstOrDefault(File.Exists);
        return found ?? throw new TerraformNotFoundException(
            $"The terraform executable '{configured}' was not found on PATH. Install terraform or set the terraform binary path.");
    }

    private Dictionary<string, string?> BuildEnvironment(TerraformWorkspace workspace, TerraformInvocation invocation)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["CHECKPOINT_DISABLE"] = "1",
            ["TF_DATA_DIR"] = workspace.DataDirectory,
        };

        if (!string.IsNullOrWhiteSpace(options.CliConfigFile))
        {
            environment["TF_CLI_CONFIG_FILE"] = File.Exists(options.CliConfigFile)
                ? Path.GetFullPath(options.CliConfigFile)
                : throw new TerraformInputException($"The terraform CLI config file '{options.CliConfigFile}' does not exist.");
        }
        else if (Environment.GetEnvironmentVariable("TF_CLI_CONFIG_FILE") is { Length: > 0 } inherited && !File.Exists(inherited))
        {
            // An inherited setting that points nowhere only makes terraform print a warning on every run; drop it.
            environment["TF_CLI_CONFIG_FILE"] = null;
        }

        if (!string.IsNullOrWhiteSpace(options.PluginCacheDirectory))
        {
            Directory.CreateDirectory(options.PluginCacheDirectory);
            environment["TF_PLUGIN_CACHE_DIR"] = Path.GetFullPath(options.PluginCacheDirectory);
        }

        foreach (var (name, value) in options.EnvironmentVariables)
        {
            environment[name] = value;
        }

        foreach (var (name, value) in invocation.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
