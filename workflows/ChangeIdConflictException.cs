namespace Karma.Workflows;

/// <summary>A change id reused for a different proposal: the API answers 409; resending the same proposal is a retry instead.</summary>
public sealed class ChangeIdConflictException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The failure type the component queue's enqueue validator uses for it.</summary>
    public const string FailureType = "ChangeIdConflict";

    public static ChangeIdConflictException For(string changeId, string difference) =>
        new($"change_id '{changeId}' is already used by another proposal ({difference}); send the same proposal to retry, or use a new change_id.");
}
