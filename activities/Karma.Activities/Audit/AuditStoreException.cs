namespace Karma.Activities.Audit;

/// <summary>The shared audit store could not be reached or refused a request; the message names the store.</summary>
public sealed class AuditStoreException(string message, Exception? innerException = null) : Exception(message, innerException);
