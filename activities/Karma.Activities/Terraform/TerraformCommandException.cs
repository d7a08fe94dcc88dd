namespace Karma.Activities.Terraform;

/// <summary>A terraform command exited with an error.</summary>
public class TerraformCommandException : TerraformException
{
    public TerraformCommandException(string command, int exitCode, IReadOnlyList<string> errorTail, bool isTransient, string? summary = null)
        : base(BuildMessage(command, exitCode, errorTail, summary), isTransient)
    {
        Command = command;
        ExitCode = exitCode;
        ErrorTail = errorTail;
    }

    /// <summary>The terraform subcommand, e.g. "plan".</summary>
    public string Command { get; }

    public int ExitCode { get; }

    /// <summary>The last lines terraform wrote to stderr, sanitized.</summary>
    public IReadOnlyList<string> ErrorTail { get; }

    private static string BuildMessage(string command, int exitCode, IReadOnlyList<string> errorTail, string? summary)
    {
        var head = summary ?? $"terraform {command} failed with exit code {exitCode}.";
        return errorTail.Count == 0
            ? head
            : $"{head}{Environment.NewLine}Last stderr lines:{Environment.NewLine}{string.Join(Environment.NewLine, errorTail)}";
    }
}

/// <summary><c>terraform init</c> failed (backend, provider installation, module syntax).</summary>
public sealed class TerraformInitException(int exitCode, IReadOnlyList<string> errorTail, bool isTransient)
    : TerraformCommandException("init", exitCode, errorTail, isTransient);

/// <summary><c>terraform plan</c> failed (invalid configuration, missing variable, provider error).</summary>
public sealed class TerraformPlanException(int exitCode, IReadOnlyList<string> errorTail, bool isTransient)
    : TerraformCommandException("plan", exitCode, errorTail, isTransient);

/// <summary><c>terraform apply</c> of a saved plan failed; some changes may have been applied, so re-plan before retrying.</summary>
public class TerraformApplyException(int exitCode, IReadOnlyList<string> errorTail, bool isTransient, string? summary = null)
    : TerraformCommandException("apply", exitCode, errorTail, isTransient, summary);

/// <summary>The saved plan no longer matches the state (another operation changed it). Permanent: re-plan and re-approve.</summary>
public sealed class StalePlanException(int exitCode, IReadOnlyList<string> errorTail)
    : TerraformApplyException(
        exitCode,
        errorTail,
        isTransient: false,
        "The saved plan is stale: the state changed after it was created, so it cannot be applied. Re-plan (and re-approve) instead.");
