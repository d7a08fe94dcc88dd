using Karma.Activities.Terraform;
using Temporalio.Exceptions;

namespace Karma.Activities.Lifecycle;

/// <summary>
/// A terraform step that failed for good (<see cref="TerraformException.IsTransient"/> false: invalid configuration, a
/// provider error) ends its activity for good. Retried, it would run terraform again to the same error, and the SDK's
/// worker would log the failure with its stack once per attempt. A missing terraform stays retryable: another worker
/// (or the same one, fixed) may have it.
/// </summary>
public static class PermanentTerraformFailures
{
    public static async Task<T> FailForGoodAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work();
        }
        catch (TerraformException e) when (!e.IsTransient && e is not TerraformNotFoundException)
        {
            // Same message and type name as before (the workflow and the timeline read them); no inner exception, so
            // the one logged failure does not print two stacks.
            throw new ApplicationFailureException(e.Message, e.GetType().Name, nonRetryable: true);
        }
    }
}
