namespace Karma.Workflows;

/// <summary>
/// A vote or cancel for a change that has already ended (rejected, applied, no_changes, cancelled…): a conflict with the
/// change's state, not a missing change. The API answers 409, the CLI exits 1, both with <see cref="Exception.Message"/>.
/// </summary>
public sealed class ChangeEndedException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The failure type the change workflow's vote validators use for it.</summary>
    public const string FailureType = "ChangeEnded";

    /// <param name="state">How the change ended, in wire words (rejected, no_changes, …).</param>
    public static ChangeEndedException For(string changeId, string state, Exception? innerException = null) =>
        new(Describe(changeId, state), innerException);

    public static string Describe(string changeId, string state) => $"change {changeId} already ended: {state}";
}
