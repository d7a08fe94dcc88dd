namespace Karma.Gremlin.GraphSon;

/// <summary>A GraphSON document that does not follow the GraphSON 3 format, or a value it cannot carry.</summary>
public sealed class GraphSonException : Exception
{
    public GraphSonException()
    {
    }

    public GraphSonException(string message)
        : base(message)
    {
    }

    public GraphSonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
