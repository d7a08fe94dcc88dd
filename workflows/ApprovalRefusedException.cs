namespace Karma.Workflows;

/// <summary>An approve or reject that the change refused (unauthorized, self-approval, not awaiting approval…).</summary>
public sealed class ApprovalRefusedException(string reason, Exception innerException) : Exception(reason, innerException);

/// <summary>A change, queue or rollout that does not exist (never proposed, or already gone).</summary>
public sealed class ChangeNotFoundException(string message, Exception? innerException = null) : Exception(message, innerException);
