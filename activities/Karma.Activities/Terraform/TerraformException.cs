namespace Karma.Activities.Terraform;

/// <summary>
/// A terraform step failed. <see cref="IsTransient"/> says whether running the same step again may succeed
/// (a held state lock, a network error); permanent failures need a different input or a new plan.
/// Messages never carry sensitive values: the stderr tail they quote is sanitized.
/// </summary>
public class TerraformException : Exception
{
    public TerraformException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    public bool IsTransient { get; }
}

/// <summary>The terraform executable could not be found or started. Permanent until the machine is fixed.</summary>
public sealed class TerraformNotFoundException(string message, Exception? innerException = null)
    : TerraformException(message, isTransient: false, innerException);

/// <summary>The input could not be turned into a workspace (missing module, malformed JSON). Permanent.</summary>
public sealed class TerraformInputException(string message, Exception? innerException = null)
    : TerraformException(message, isTransient: false, innerException);

/// <summary>A saved plan file is missing or its bytes differ from the plan that was reviewed. Permanent: re-plan.</summary>
public sealed class PlanFileMismatchException(string message)
    : TerraformException(message, isTransient: false);
