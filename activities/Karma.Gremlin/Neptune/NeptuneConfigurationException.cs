namespace Karma.Gremlin.Neptune;

/// <summary>A Karma:Graph:Neptune setting is missing or invalid; the message names the key.</summary>
public sealed class NeptuneConfigurationException : Exception
{
    public NeptuneConfigurationException()
    {
    }

    public NeptuneConfigurationException(string message)
        : base(message)
    {
    }

    public NeptuneConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
