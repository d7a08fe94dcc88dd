namespace Karma.TemporalDev.Visibility;

/// <summary>A list/count query that cannot be parsed; the message says what and where.</summary>
internal sealed class VisibilityQueryException(string message) : Exception(message);
