namespace Karma.Gremlin.Neptune;

/// <summary>Data in Neptune that does not follow Karma's graph schema (e.g. a Component vertex without a type).</summary>
public sealed class NeptuneGraphDataException : Exception
{
    public NeptuneGraphDataException()
    {
    }

    public NeptuneGraphDataException(string message)
        : base(message)
    {
    }

    public NeptuneGraphDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
