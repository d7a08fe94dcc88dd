namespace Karma.Gremlin.Neptune;

/// <summary>
/// A reader found the environment's graph mid-write (status "building") for longer than it was willing to wait.
/// Neptune holds a single copy of the graph, so Karma refuses to hand out a half-written one.
/// </summary>
public sealed class NeptuneGraphBuildInProgressException : Exception
{
    public NeptuneGraphBuildInProgressException()
    {
    }

    public NeptuneGraphBuildInProgressException(string message)
        : base(message)
    {
    }

    public NeptuneGraphBuildInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
