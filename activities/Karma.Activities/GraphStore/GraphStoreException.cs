namespace Karma.Activities.GraphStore;

/// <summary>The graph store could not be read or written (names the database file, never graph contents).</summary>
public sealed class GraphStoreException(string message, Exception innerException) : Exception(message, innerException);
