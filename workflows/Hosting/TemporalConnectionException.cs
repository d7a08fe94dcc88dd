namespace Karma.Workflows.Hosting;

/// <summary>Temporal could not be reached or refused Karma's credentials; the message names the target and what was refused.</summary>
public sealed class TemporalConnectionException(string message, Exception innerException) : Exception(message, innerException);
